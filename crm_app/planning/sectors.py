"""Sectors: postcode prefixes and ranges, which sector an address falls in,
and the technicians suggested for it. Plain functions; the caller commits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, delete, select

from crm_app.contacts.models import Contact
from crm_app.core.errors import FieldError, FormError
from crm_app.core.validators import clean_text
from crm_app.interventions.models import Intervention
from crm_app.planning.models import Sector, SectorTechnician
from crm_app.users.models import User, UserRole

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_RANGE = re.compile(r"^(\d{5})\s*-\s*(\d{5})$")
_PREFIX = re.compile(r"^(\d{1,4})\*$")
_CODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class PostcodeRange:
    """Inclusive, on five-digit postcodes (which compare as text as they do as numbers)."""

    low: str
    high: str

    def contains(self, postcode: str) -> bool:
        return self.low <= postcode <= self.high

    def overlaps(self, other: PostcodeRange) -> bool:
        return self.low <= other.high and other.low <= self.high

    @property
    def label(self) -> str:
        """As written back: « 35510 », « 352* » or « 35000-35099 »."""
        if self.low == self.high:
            return self.low
        for length in range(4, 0, -1):
            prefix = self.low[:length]
            if self.low == prefix.ljust(5, "0") and self.high == prefix.ljust(5, "9"):
                return f"{prefix}*"
        return f"{self.low}-{self.high}"


def parse_postcodes(text: str) -> list[PostcodeRange]:
    """« 35000-35099, 352*, 35510 » as ranges; FieldError naming the bad part."""
    ranges: list[PostcodeRange] = []
    for part in re.split(r"[,;\s]+", re.sub(r"\s*-\s*", "-", text or "")):
        if not part:
            continue
        if match := _RANGE.match(part):
            low, high = match.groups()
            if low > high:
                raise FieldError(f"« {part} » : la plage est à l'envers (de {high} à {low} ?).")
            ranges.append(PostcodeRange(low, high))
        elif match := _PREFIX.match(part):
            prefix = match.group(1)
            ranges.append(PostcodeRange(prefix.ljust(5, "0"), prefix.ljust(5, "9")))
        elif _CODE.match(part):
            ranges.append(PostcodeRange(part, part))
        else:
            raise FieldError(
                f"« {part} » n'est ni un code postal (35000), ni une plage (35000-35099), "
                "ni un préfixe (352*)."
            )
    if not ranges:
        raise FieldError("Indiquez au moins un code postal, une plage ou un préfixe.")
    for i, first in enumerate(ranges):
        for second in ranges[i + 1 :]:
            if first.overlaps(second):
                raise FieldError(f"« {first.label} » et « {second.label} » se chevauchent.")
    return ranges


def stored_ranges(sector: Sector) -> list[PostcodeRange]:
    """A saved sector's ranges (stored normalised, so they parse)."""
    return parse_postcodes(sector.postcodes) if sector.postcodes else []


@dataclass
class SectorLine:
    id: int
    name: str
    color: str
    postcodes: str
    technician_ids: list[int]
    technicians: str
    active: bool


def list_sectors(session: Session, *, include_archived: bool = True) -> list[SectorLine]:
    query = select(Sector).order_by(Sector.name)
    if not include_archived:
        query = query.where(col(Sector.active))
    sectors = session.exec(query).all()
    members: dict[int, list[tuple[int, str]]] = {s.saved_id: [] for s in sectors}
    for sector_id, user_id, name in session.exec(
        select(SectorTechnician.sector_id, User.id, User.name)
        .join(User, col(User.id) == col(SectorTechnician.user_id))
        .order_by(User.name)
    ):
        if sector_id in members and user_id is not None:
            members[sector_id].append((user_id, name))
    return [
        SectorLine(
            id=s.saved_id,
            name=s.name,
            color=s.color,
            postcodes=s.postcodes,
            technician_ids=[u for u, _ in members[s.saved_id]],
            technicians=", ".join(n for _, n in members[s.saved_id]),
            active=s.active,
        )
        for s in sectors
    ]


def save_sector(
    session: Session,
    *,
    name: str,
    color: str,
    postcodes: str,
    technician_ids: list[int],
    sector_id: int | None = None,
    active: bool = True,
) -> Sector:
    """Create or update a sector; FormError naming every wrong field (a range
    overlapping another active sector names that sector)."""
    errors: dict[str, str] = {}
    name = clean_text(name)
    if not name:
        errors["name"] = "Le nom du secteur est obligatoire."
    elif len(name) > 80:
        errors["name"] = "80 caractères au plus."
    elif session.exec(
        select(Sector.id).where(sa.func.lower(Sector.name) == name.lower(), Sector.id != sector_id)
    ).first():
        errors["name"] = "Un secteur porte déjà ce nom."
    color = (color or "").strip() or "#3b82f6"
    if not _COLOR.match(color):
        errors["color"] = "Couleur attendue au format #RRGGBB."
    ranges: list[PostcodeRange] = []
    try:
        ranges = parse_postcodes(postcodes)
    except FieldError as error:
        errors["postcodes"] = str(error)
    if ranges and active:
        clash = _overlapping_sector(session, ranges, sector_id)
        if clash:
            errors["postcodes"] = clash
    chosen: list[int] = []
    for user_id in technician_ids:
        user = session.get(User, user_id)
        if user is None or user.role != UserRole.TECHNICIAN.value or not user.active:
            errors["technician_ids"] = "Choisissez des techniciens actifs."
        elif user_id not in chosen:
            chosen.append(user_id)
    if errors:
        raise FormError(errors)
    sector = session.get(Sector, sector_id) if sector_id else Sector(name=name)
    if sector is None:
        raise LookupError(sector_id)
    sector.name = name
    sector.color = color.lower()
    sector.postcodes = ", ".join(r.label for r in ranges)
    sector.active = active
    session.add(sector)
    session.flush()
    session.exec(delete(SectorTechnician).where(col(SectorTechnician.sector_id) == sector.id))
    session.add_all(SectorTechnician(sector_id=sector.saved_id, user_id=u) for u in chosen)
    session.flush()
    return sector


def _overlapping_sector(
    session: Session, ranges: list[PostcodeRange], sector_id: int | None
) -> str | None:
    others = session.exec(select(Sector).where(col(Sector.active), Sector.id != sector_id)).all()
    for other in others:
        for theirs in stored_ranges(other):
            for ours in ranges:
                if ours.overlaps(theirs):
                    return (
                        f"« {ours.label} » chevauche « {theirs.label} » "
                        f"du secteur « {other.name} »."
                    )
    return None


def archive_sector(session: Session, sector_id: int, *, active: bool = False) -> Sector:
    sector = session.get(Sector, sector_id)
    if sector is None:
        raise LookupError(sector_id)
    if active:  # back in use: its ranges must still be free
        clash = _overlapping_sector(session, stored_ranges(sector), sector_id)
        if clash:
            raise FormError({"postcodes": clash})
    sector.active = active
    session.add(sector)
    session.flush()
    return sector


def sector_of_postcode(session: Session, postcode: str | None) -> Sector | None:
    """The active sector a postcode falls in, or None (no sector covers it)."""
    code = (postcode or "").strip()
    if not _CODE.match(code):
        return None
    for sector in session.exec(select(Sector).where(col(Sector.active))):
        if any(r.contains(code) for r in stored_ranges(sector)):
            return sector
    return None


def sector_technicians(session: Session, sector_id: int) -> list[int]:
    return list(
        session.exec(
            select(SectorTechnician.user_id)
            .join(User, col(User.id) == col(SectorTechnician.user_id))
            .where(SectorTechnician.sector_id == sector_id, col(User.active))
            .order_by(User.name)
        )
    )


@dataclass(frozen=True)
class SectorSuggestion:
    sector_id: int | None
    sector_name: str
    technician_ids: list[int]
    message: str


def suggest_for_postcode(session: Session, postcode: str | None) -> SectorSuggestion:
    """Which sector an address is in and whom to send; says so when no sector covers it."""
    sector = sector_of_postcode(session, postcode)
    if sector is None:
        code = (postcode or "").strip() or "sans code postal"
        return SectorSuggestion(None, "", [], f"Aucun secteur ne couvre {code}.")
    technicians = sector_technicians(session, sector.saved_id)
    return SectorSuggestion(sector.saved_id, sector.name, technicians, f"Secteur {sector.name}")


def postcode_filter(session: Session, sector_id: int, column) -> ColumnElement[bool]:
    """A where clause: ``column`` (a postcode) is in the sector."""
    sector = session.get(Sector, sector_id)
    if sector is None:
        return sa.false()
    clauses = [column.between(r.low, r.high) for r in stored_ranges(sector)]
    return sa.or_(*clauses) if clauses else sa.false()


def intervention_in_sector(session: Session, sector_id: int) -> ColumnElement[bool]:
    """A where clause on Intervention: its address is in the sector."""
    return sa.exists().where(
        col(Contact.id) == col(Intervention.address_id),
        postcode_filter(session, sector_id, col(Contact.zip)),
    )


def sector_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the active sectors, for the filters."""
    return [(s.id, s.name) for s in list_sectors(session, include_archived=False)]


NO_SECTOR_COLOR = "#8d8d8d"


def color_of_postcode(session: Session, default: str = NO_SECTOR_COLOR) -> Callable[[str], str]:
    """postcode → its sector's colour (``default`` outside every sector), the
    active sectors read once: for colouring thousands of points or events."""
    ranges = [
        (r, s.color)
        for s in session.exec(select(Sector).where(col(Sector.active)))
        for r in stored_ranges(s)
    ]

    known: dict[str, str] = {}

    def color(postcode: str) -> str:
        code = (postcode or "").strip()
        if code not in known:
            known[code] = next((c for r, c in ranges if r.contains(code)), default)
        return known[code]

    return color


def sector_filter(session: Session, sector_id: int) -> Callable[[Any], ColumnElement[bool]]:
    """column → where clause: the column (a postcode) is in the sector."""
    return lambda column: postcode_filter(session, sector_id, column)
