"""Sending e-mail through the configured SMTP server (``CRM_SMTP_*``), with
French errors: a refused or unreachable server is reported per message and
never stops the app."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from crm_app.core.settings import Settings


class MailError(Exception):
    """The message was not sent (French reason)."""


class MailNotConfigured(MailError):
    pass


def new_message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="crm-terrain.local")
    message.set_content(body)  # plain text: a customer's name is never markup
    return message


class SmtpMailer:
    """One connection, opened on the first message and again after a failure."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host or not settings.smtp_sender:
            raise MailNotConfigured(
                "Aucun serveur d'envoi configuré (CRM_SMTP_HOST et CRM_SMTP_SENDER)."
            )
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.smtp_tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=s.smtp_timeout,
                context=ssl.create_default_context(),
            )  # fmt: skip
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
            if s.smtp_tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if s.smtp_user:
            smtp.login(s.smtp_user, s.smtp_password)
        return smtp

    def send(self, message: EmailMessage) -> None:
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            self._drop()
            codes = ", ".join(f"{code} {text.decode(errors='replace')}" for code, text in
                              error.recipients.values())  # fmt: skip
            raise MailError(f"Adresse refusée par le serveur ({codes}).") from None
        except smtplib.SMTPAuthenticationError:
            self._drop()
            raise MailError("Identifiant ou mot de passe SMTP refusé.") from None
        except smtplib.SMTPResponseException as error:
            self._drop()
            raw = error.smtp_error
            text = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
            raise MailError(f"Refusé par le serveur : {error.smtp_code} {text}.") from None
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise MailError(f"Serveur d'envoi injoignable ({error}).") from None

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
        self._smtp = None

    def close(self) -> None:
        self._drop()
