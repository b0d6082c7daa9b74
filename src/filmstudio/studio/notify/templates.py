"""The studio's e-mails in English, Spanish, French and Hindi.

`render(name, language, to, **values)` fills a named template in the reader's language
(English when the language is not one of ours) and returns an `Email` with a plain-text body
and an HTML twin whose links are clickable. Every template names the values it needs, so a
missing value is an error at the call, not a ``{link}`` in someone's inbox.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from filmstudio.studio.notify import Email

LANGUAGES = ("en", "es", "fr", "hi")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Template:
    subject: str
    text: str


_T = Template

TEMPLATES: dict[str, dict[str, Template]] = {
    "verification": {
        "en": _T(
            "Confirm your e-mail address",
            "Welcome to AI Film Studio.\n\nConfirm your address by opening this link:\n{link}\n",
        ),
        "es": _T(
            "Confirma tu dirección de correo",
            "Te damos la bienvenida a AI Film Studio.\n\n"
            "Confirma tu dirección abriendo este enlace:\n{link}\n",
        ),
        "fr": _T(
            "Confirmez votre adresse e-mail",
            "Bienvenue sur AI Film Studio.\n\n"
            "Confirmez votre adresse en ouvrant ce lien :\n{link}\n",
        ),
        "hi": _T(
            "अपना ई-मेल पता पक्का करें",
            "AI Film Studio में आपका स्वागत है।\n\nयह लिंक खोलकर अपना पता पक्का करें:\n{link}\n",
        ),
    },
    "email_change": {
        "en": _T(
            "Confirm your new e-mail address",
            "You asked to move your AI Film Studio account to this address.\n\n"
            "Confirm it by opening this link (it works for two days):\n{link}\n\n"
            "Until then your account keeps its old address. If it was not you, ignore this "
            "message.\n",
        ),
        "es": _T(
            "Confirma tu nueva dirección de correo",
            "Pediste mover tu cuenta de AI Film Studio a esta dirección.\n\n"
            "Confírmala abriendo este enlace (funciona durante dos días):\n{link}\n\n"
            "Hasta entonces tu cuenta conserva su dirección anterior. Si no fuiste tú, "
            "ignora este mensaje.\n",
        ),
        "fr": _T(
            "Confirmez votre nouvelle adresse e-mail",
            "Vous avez demandé à déplacer votre compte AI Film Studio vers cette adresse.\n\n"
            "Confirmez-la en ouvrant ce lien (il fonctionne pendant deux jours) :\n{link}\n\n"
            "D'ici là, votre compte garde son ancienne adresse. Si ce n'était pas vous, "
            "ignorez ce message.\n",
        ),
        "hi": _T(
            "अपना नया ई-मेल पता पक्का करें",
            "आपने अपना AI Film Studio खाता इस पते पर ले जाने को कहा है।\n\n"
            "यह लिंक खोलकर इसे पक्का करें (यह दो दिन तक चलता है):\n{link}\n\n"
            "तब तक आपका खाता पुराना पता रखता है। अगर यह आप नहीं थे, तो इस संदेश को अनदेखा करें।\n",
        ),
    },
    "password_reset": {
        "en": _T(
            "Reset your password",
            "Someone (we hope you) asked to reset your AI Film Studio password.\n\n"
            "Choose a new one here (the link works once, for one hour):\n{link}\n\n"
            "If it was not you, ignore this message: your password stays as it is.\n",
        ),
        "es": _T(
            "Restablece tu contraseña",
            "Alguien (esperamos que tú) pidió restablecer tu contraseña de AI Film Studio.\n\n"
            "Elige una nueva aquí (el enlace funciona una vez, durante una hora):\n{link}\n\n"
            "Si no fuiste tú, ignora este mensaje: tu contraseña no cambia.\n",
        ),
        "fr": _T(
            "Réinitialisez votre mot de passe",
            "Quelqu'un (vous, nous l'espérons) a demandé à réinitialiser votre mot de passe "
            "AI Film Studio.\n\n"
            "Choisissez-en un nouveau ici (le lien fonctionne une fois, pendant une heure) :\n"
            "{link}\n\n"
            "Si ce n'était pas vous, ignorez ce message : votre mot de passe reste le même.\n",
        ),
        "hi": _T(
            "अपना पासवर्ड बदलें",
            "किसी ने (हमें आशा है कि आपने) आपका AI Film Studio पासवर्ड बदलने को कहा है।\n\n"
            "यहाँ नया पासवर्ड चुनें (लिंक एक ही बार, एक घंटे तक चलता है):\n{link}\n\n"
            "अगर यह आप नहीं थे, तो इस संदेश को अनदेखा करें: आपका पासवर्ड वही रहेगा।\n",
        ),
    },
    "film_ready": {
        "en": _T(
            "Your film “{title}” is ready",
            "Good news: your film “{title}” has finished rendering.\n\n"
            "Watch it, download it or publish it here:\n{link}\n",
        ),
        "es": _T(
            "Tu película «{title}» está lista",
            "Buenas noticias: tu película «{title}» ya está terminada.\n\n"
            "Mírala, descárgala o publícala aquí:\n{link}\n",
        ),
        "fr": _T(
            "Votre film « {title} » est prêt",
            "Bonne nouvelle : le rendu de votre film « {title} » est terminé.\n\n"
            "Regardez-le, téléchargez-le ou publiez-le ici :\n{link}\n",
        ),
        "hi": _T(
            "आपकी फ़िल्म “{title}” तैयार है",
            "खुशख़बरी: आपकी फ़िल्म “{title}” बनकर तैयार है।\n\n"
            "इसे यहाँ देखें, डाउनलोड करें या प्रकाशित करें:\n{link}\n",
        ),
    },
    "film_failed": {
        "en": _T(
            "Your film “{title}” could not be made",
            "We could not finish your film “{title}”.\n\nWhat went wrong: {reason}\n\n"
            "Its credit was given back. Open the project to try again:\n{link}\n",
        ),
        "es": _T(
            "No pudimos crear tu película «{title}»",
            "No pudimos terminar tu película «{title}».\n\nQué falló: {reason}\n\n"
            "Te devolvimos su crédito. Abre el proyecto para intentarlo de nuevo:\n{link}\n",
        ),
        "fr": _T(
            "Votre film « {title} » n'a pas pu être créé",
            "Nous n'avons pas pu terminer votre film « {title} ».\n\nCe qui n'a pas marché : "
            "{reason}\n\nSon crédit vous a été rendu. Ouvrez le projet pour réessayer :\n{link}\n",
        ),
        "hi": _T(
            "आपकी फ़िल्म “{title}” नहीं बन सकी",
            "हम आपकी फ़िल्म “{title}” पूरी नहीं कर सके।\n\nक्या गड़बड़ हुई: {reason}\n\n"
            "इसका क्रेडिट आपको लौटा दिया गया है। दोबारा कोशिश करने के लिए प्रोजेक्ट खोलें:\n{link}\n",
        ),
    },
    "low_credits": {
        "en": _T(
            "You have {credits} credits left",
            "Your AI Film Studio balance is down to {credits} credits.\n\n"
            "Buy more or upgrade your plan here so your next film is not held up:\n{link}\n",
        ),
        "es": _T(
            "Te quedan {credits} créditos",
            "Tu saldo de AI Film Studio ha bajado a {credits} créditos.\n\n"
            "Compra más o mejora tu plan aquí para que tu próxima película no se detenga:\n"
            "{link}\n",
        ),
        "fr": _T(
            "Il vous reste {credits} crédits",
            "Votre solde AI Film Studio est descendu à {credits} crédits.\n\n"
            "Achetez-en d'autres ou changez de formule ici pour que votre prochain film ne "
            "soit pas bloqué :\n{link}\n",
        ),
        "hi": _T(
            "आपके पास {credits} क्रेडिट बचे हैं",
            "आपका AI Film Studio बैलेंस घटकर {credits} क्रेडिट रह गया है।\n\n"
            "अगली फ़िल्म न रुके, इसके लिए यहाँ और क्रेडिट ख़रीदें या अपना प्लान बढ़ाएँ:\n{link}\n",
        ),
    },
    "download_link": {
        "en": _T(
            "Your download link for “{title}”",
            "Here is the link to download “{title}”:\n{link}\n\n"
            "It works until {expires}. Anyone with the link can download the file, "
            "so keep it to yourself.\n",
        ),
        "es": _T(
            "Tu enlace de descarga de «{title}»",
            "Este es el enlace para descargar «{title}»:\n{link}\n\n"
            "Funciona hasta el {expires}. Cualquiera con el enlace puede descargar el archivo, "
            "así que no lo compartas.\n",
        ),
        "fr": _T(
            "Votre lien de téléchargement pour « {title} »",
            "Voici le lien pour télécharger « {title} » :\n{link}\n\n"
            "Il fonctionne jusqu'au {expires}. Toute personne ayant le lien peut télécharger "
            "le fichier : gardez-le pour vous.\n",
        ),
        "hi": _T(
            "“{title}” का डाउनलोड लिंक",
            "“{title}” डाउनलोड करने का लिंक यह है:\n{link}\n\n"
            "यह {expires} तक चलेगा। जिसके पास भी यह लिंक है वह फ़ाइल डाउनलोड कर सकता है, "
            "इसलिए इसे किसी से साझा न करें।\n",
        ),
    },
}

_FIELDS = re.compile(r"{(\w+)}")
_URL = re.compile(r"https?://\S+")


def fields(name: str) -> set[str]:
    """The values template `name` needs."""
    english = TEMPLATES[name][DEFAULT_LANGUAGE]
    return set(_FIELDS.findall(english.subject + english.text))


def language_of(language: str | None) -> str:
    """One of our languages: ``es-MX`` is Spanish, anything unknown is English."""
    base = (language or "").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def _html(text: str) -> str:
    def paragraph(block: str) -> str:
        escaped = html.escape(block)
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        return "<p>" + linked.replace("\n", "<br>") + "</p>"

    body = "".join(paragraph(b) for b in text.strip().split("\n\n"))
    return f'<!doctype html><html><body style="font-family:sans-serif">{body}</body></html>'


def render(name: str, language: str | None, to: str, **values: object) -> Email:
    """The e-mail `name` for `to`, in `language` (English when we do not have it)."""
    if name not in TEMPLATES:
        raise KeyError(f"There is no e-mail template named {name!r}; have {sorted(TEMPLATES)}.")
    missing = fields(name) - set(values)
    if missing:
        raise ValueError(f"The {name} e-mail needs {', '.join(sorted(missing))}.")
    template = TEMPLATES[name][language_of(language)]
    text = template.text.format(**values)
    subject = " ".join(template.subject.format(**values).split())[:300]
    return Email(to, subject, text, _html(text))
