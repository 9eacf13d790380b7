"""The geocoding provider chosen by configuration (the French Base Adresse
Nationale by default, Nominatim as the alternative), through geopy:
rate-limited, with a timeout. Network calls happen only in
``Geocoder.lookup`` (run it outside the request, see geo/state.py)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from geopy import exc as geopy_errors
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import BANFrance, Nominatim

from crm_app.core.settings import DEFAULT_USER_AGENT, get_settings

BAN_DOMAIN = "data.geopf.fr/geocodage"
NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
# Requests per second each provider allows.
RATE_LIMITS = {"ban": 50.0, "nominatim": 1.0}
DEFAULT_TIMEOUT = 5.0
MIN_BAN_SCORE = 0.4  # below this, BAN's guess is not an address


@dataclass(frozen=True)
class GeocoderSettings:
    provider: str = "ban"
    domain: str = BAN_DOMAIN
    scheme: str = "https"
    timeout: float = DEFAULT_TIMEOUT
    user_agent: str = DEFAULT_USER_AGENT

    @classmethod
    def from_env(cls) -> GeocoderSettings:
        settings = get_settings()  # refuses an unknown CRM_GEOCODER (ValueError)
        default_domain = BAN_DOMAIN if settings.geocoder == "ban" else NOMINATIM_DOMAIN
        return cls(
            provider=settings.geocoder,
            domain=settings.geocoder_domain or default_domain,
            scheme=settings.geocoder_scheme,
            timeout=settings.geocoder_timeout,
            user_agent=settings.geocoder_user_agent,
        )


@dataclass(frozen=True)
class Answer:
    """What a provider said for one address."""

    found: bool
    latitude: float | None = None
    longitude: float | None = None
    score: float | None = None
    label: str | None = None


class GeocodingFailed(RuntimeError):
    """The provider could not answer (down, timeout, quota); message in French."""


class Geocoder:
    """A geopy geocoder behind geopy's RateLimiter, shared by every caller in
    the process so the provider's rate is respected across users."""

    def __init__(self, settings: GeocoderSettings):
        self.settings = settings
        common = {
            "domain": settings.domain,
            "scheme": settings.scheme,
            "timeout": settings.timeout,
            "user_agent": settings.user_agent,
        }
        self._geopy = BANFrance(**common) if settings.provider == "ban" else Nominatim(**common)
        self._lock = threading.Lock()
        self._geocode = RateLimiter(
            self._geopy.geocode,
            min_delay_seconds=1.0 / RATE_LIMITS[settings.provider],
            max_retries=0,
            swallow_exceptions=False,
        )

    @property
    def provider(self) -> str:
        return self.settings.provider

    def lookup(self, query: str) -> Answer:
        """Ask the provider (network); GeocodingFailed when it cannot answer."""
        try:
            with self._lock:  # RateLimiter counts calls; keep them in one line
                if self.provider == "nominatim":
                    location = self._geocode(query, exactly_one=True, country_codes="fr,be,lu,ch")
                else:
                    location = self._geocode(query, exactly_one=True)
        except geopy_errors.GeocoderTimedOut as error:
            # geopy also reports HTTP 503/504 as a timeout: say which it was.
            if "status code" in str(error):
                raise GeocodingFailed(
                    f"Le service de géocodage est indisponible ({error})."[:300]
                ) from None
            raise GeocodingFailed("Le service de géocodage n'a pas répondu à temps.") from None
        except (geopy_errors.GeocoderRateLimited, geopy_errors.GeocoderQuotaExceeded):
            raise GeocodingFailed(
                "Le service de géocodage limite les demandes (HTTP 429) : réessayez plus tard."
            ) from None
        except geopy_errors.GeocoderUnavailable as error:
            # With the requests adapter, a read timeout arrives as "unavailable".
            if "timed out" in str(error).lower():
                raise GeocodingFailed("Le service de géocodage n'a pas répondu à temps.") from None
            raise GeocodingFailed("Le service de géocodage est indisponible.") from None
        except geopy_errors.GeopyError as error:
            raise GeocodingFailed(f"Erreur du service de géocodage : {error}"[:300]) from None
        if location is None:
            return Answer(found=False)
        raw = location.raw or {}
        if self.provider == "ban":
            score = raw.get("properties", {}).get("score")
            if score is not None and score < MIN_BAN_SCORE:
                return Answer(found=False, score=score)
        else:
            score = raw.get("importance")
        return Answer(True, location.latitude, location.longitude, score, location.address)


_shared: dict[GeocoderSettings, Geocoder] = {}
_shared_lock = threading.Lock()


def shared_geocoder(settings: GeocoderSettings | None = None) -> Geocoder:
    settings = settings or GeocoderSettings.from_env()
    with _shared_lock:
        if settings not in _shared:
            _shared[settings] = Geocoder(settings)
        return _shared[settings]
