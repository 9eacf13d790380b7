"""How strong a password is: zxcvbn's estimate of the guesses needed, with
the user's login and name (and the words every French office tries first)
counted as known words; the reason said in French."""

from __future__ import annotations

from zxcvbn import zxcvbn

from crm_app.core.errors import FieldError

MIN_PASSWORD_LENGTH = 10
# zxcvbn's scale: 3 resists an offline attack on a slow hash (10^8 guesses and more).
MIN_SCORE = 3
# zxcvbn's dictionaries are English: the French first guesses are added.
FRENCH_WORDS = (
    "motdepasse", "azerty", "azertyuiop", "soleil", "bonjour", "salut", "coucou", "chouchou",
    "doudou", "loulou", "amour", "bretagne", "rennes", "france", "marseille", "paris",
    "administrateur", "admin", "utilisateur", "bienvenue", "secret", "crm", "terrain",
    "ramonage", "chaudiere", "poele", "granules", "entretien",
)
WARNINGS = {
    "Straight rows of keys are easy to guess.": "une rangée de touches se devine facilement",
    "Short keyboard patterns are easy to guess.": "un court motif de clavier se devine facilement",
    'Repeats like "aaa" are easy to guess.': "les répétitions comme « aaa » se devinent facilement",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        "répéter « abc » ne le rend guère plus difficile à deviner",
    'Sequences like "abc" or "6543" are easy to guess.':
        "les suites comme « abc » ou « 6543 » se devinent facilement",
    "Recent years are easy to guess.": "les années récentes se devinent facilement",
    "Dates are often easy to guess.": "les dates se devinent souvent facilement",
    "This is a top-10 common password.": "c'est l'un des 10 mots de passe les plus courants",
    "This is a top-100 common password.": "c'est l'un des 100 mots de passe les plus courants",
    "This is a very common password.": "c'est un mot de passe très courant",
    "This is similar to a commonly used password.":
        "il ressemble à un mot de passe très courant",
    "A word by itself is easy to guess.": "un mot seul se devine facilement",
    "Names and surnames by themselves are easy to guess.":
        "un nom ou un prénom seul se devine facilement",
    "Common names and surnames are easy to guess.":
        "les noms et prénoms courants se devinent facilement",
}
SUGGESTIONS = {
    "Use a few words, avoid common phrases.":
        "Assemblez quelques mots, en évitant les expressions courantes.",
    "No need for symbols, digits, or uppercase letters.":
        "Inutile d'ajouter symboles, chiffres ou majuscules.",
    "Add another word or two. Uncommon words are better.":
        "Ajoutez un ou deux mots, de préférence peu courants.",
    "Use a longer keyboard pattern with more turns.":
        "Préférez un motif de clavier plus long, avec plus de détours.",
    "Avoid repeated words and characters.": "Évitez les mots et caractères répétés.",
    "Avoid sequences.": "Évitez les suites.",
    "Avoid recent years.": "Évitez les années récentes.",
    "Avoid years that are associated with you.": "Évitez les années qui vous concernent.",
    "Avoid dates and years that are associated with you.":
        "Évitez les dates et années qui vous concernent.",
    "Capitalization doesn't help very much.": "Les majuscules n'aident guère.",
    "All-uppercase is almost as easy to guess as all-lowercase.":
        "Tout en majuscules se devine presque aussi vite que tout en minuscules.",
    "Reversed words aren't much harder to guess.":
        "Un mot à l'envers n'est guère plus difficile à deviner.",
    "Predictable substitutions like '@' instead of 'a' don't help very much.":
        "Remplacer « a » par « @ » et autres substitutions prévisibles n'aident guère.",
}
EXAMPLE = "« Poele-granules-Vitre-2026 »"


def _known_words(login: str, name: str) -> list[str]:
    words = [login, name, *name.split(), *login.replace(".", " ").replace("-", " ").split()]
    return [w.lower() for w in words if w] + list(FRENCH_WORDS)


def password_strength(password: str, *, login: str = "", name: str = "") -> None:
    """At least MIN_PASSWORD_LENGTH characters, not built on the login or the
    name, and hard enough to guess for zxcvbn; FieldError saying why otherwise."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError(
            f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."
        )
    lowered = password.lower()
    if any(
        len(part) >= 4 and part in lowered for part in (login.strip().lower(), name.strip().lower())
    ):
        raise FieldError("Mot de passe trop facile à deviner : il reprend l'identifiant ou le nom.")
    # zxcvbn's cost grows with the length; what follows 100 characters adds nothing.
    result = zxcvbn(password[:100], user_inputs=_known_words(login, name))
    if result["score"] >= MIN_SCORE:
        return
    feedback = result["feedback"]
    reason = WARNINGS.get(feedback.get("warning") or "", "il se devine trop facilement")
    advice = [SUGGESTIONS[s] for s in feedback.get("suggestions", []) if s in SUGGESTIONS]
    advice_text = " ".join(advice) or "Assemblez quelques mots peu courants."
    raise FieldError(
        f"Mot de passe trop faible : {reason}. {advice_text} Exemple : {EXAMPLE}."
    )
