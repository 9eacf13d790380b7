"""Every setting the application reads from its environment, in one place.

``python -m crm_app.core.settings`` prints the README's configuration table
for these variables (a test checks that the README shows it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Names this app to Nominatim (its policy forbids a library's default agent).
DEFAULT_USER_AGENT = "CRM-Terrain/0.1 (gestion de contacts; geocodage d'adresses clients)"


class Settings(BaseSettings):
    """The ``CRM_*`` variables. Read anew on each call of ``get_settings()``:
    they are few and cheap, and tests change them on the fly."""

    model_config = SettingsConfigDict(env_prefix="CRM_", extra="ignore")

    admin_password: str = Field(
        default="",
        description="mot de passe du premier administrateur (sinon généré et affiché une fois)",
    )
    new_password: str = Field(
        default="",
        description="mot de passe donné par `manage reset-password` (sinon généré)",
    )
    private_dir: Path = Field(
        default=PROJECT_DIR / "data" / "private",
        description=(
            "dossier privé des documents (preuves de consentement RGPD), "
            "jamais servi publiquement ; défaut `data/private`"
        ),
    )
    backup_dir: Path = Field(
        default=PROJECT_DIR / "data" / "backups",
        description="dossier des sauvegardes de `manage backup` ; défaut `data/backups`",
    )
    geocoder: Literal["ban", "nominatim"] = Field(
        default="ban",
        description="`ban` (Base Adresse Nationale, défaut) ou `nominatim`",
    )
    geocoder_domain: str = Field(
        default="",
        description=(
            "adresse du service (défaut `data.geopf.fr/geocodage` "
            "ou `nominatim.openstreetmap.org`)"
        ),
    )
    geocoder_scheme: Literal["http", "https"] = Field(
        default="https", description="protocole du service de géocodage (défaut `https`)"
    )
    geocoder_timeout: float = Field(
        default=5.0, gt=0, description="délai d'attente du géocodage en secondes (défaut 5)"
    )
    geocoder_user_agent: str = Field(
        default=DEFAULT_USER_AGENT,
        description="User-Agent envoyé (défaut : nomme l'application, exigé par Nominatim)",
    )
    map_tiles: str = Field(
        default="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        description="adresse des tuiles du fond de carte (défaut OpenStreetMap)",
    )
    map_attribution: str = Field(
        default="© contributeurs OpenStreetMap",
        description="mention du fond de carte",
    )
    company_name: str = Field(
        default="CRM Terrain", description="nom de l'entreprise en tête des documents imprimés"
    )
    company_address: str = Field(
        default="", description="adresse de l'entreprise en tête des documents imprimés"
    )
    company_contact: str = Field(
        default="",
        description="téléphone et courriel de l'entreprise en tête des documents imprimés",
    )

    company_phone: str = Field(
        default="", description="téléphone de l'entreprise, cité dans les relances d'entretien"
    )
    smtp_host: str = Field(
        default="", description="serveur d'envoi des courriels (relances) ; vide : pas d'envoi"
    )
    smtp_port: int = Field(default=587, gt=0, lt=65536, description="port SMTP (défaut 587)")
    smtp_tls: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="`starttls` (défaut), `ssl` (port 465) ou `none` (réseau local seulement)",
    )
    smtp_user: str = Field(
        default="", description="identifiant SMTP (vide : sans authentification)"
    )
    smtp_password: str = Field(default="", description="mot de passe SMTP")
    smtp_sender: str = Field(
        default="", description="adresse d'expéditeur des relances (ex. `Entreprise <contact@…>`)"
    )
    smtp_timeout: float = Field(
        default=10.0, gt=0, description="délai d'attente du serveur SMTP en secondes (défaut 10)"
    )
    smtp_per_minute: int = Field(
        default=30, gt=0, description="courriels envoyés au plus par minute (défaut 30)"
    )
    road_factor: float = Field(
        default=1.3,
        ge=1.0,
        le=3.0,
        description="distance routière ÷ distance à vol d'oiseau, pour les tournées (défaut 1,3)",
    )
    road_speed_kmh: float = Field(
        default=45.0,
        gt=5,
        le=130,
        description="vitesse moyenne en km/h pour estimer les trajets des tournées (défaut 45)",
    )

    @classmethod
    def environment_name(cls, field: str) -> str:
        return f"CRM_{field.upper()}"


def get_settings() -> Settings:
    return Settings()


def configuration_rows() -> list[str]:
    """The README's table rows, one per variable."""
    return [
        f"| `{Settings.environment_name(name)}` | {field.description} |"
        for name, field in Settings.model_fields.items()
    ]


if __name__ == "__main__":
    print("\n".join(configuration_rows()))
