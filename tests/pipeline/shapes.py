"""A generator of real-page shapes: sample-corpus practices wrapped in randomized portal chrome.

Written from the classes of chrome the ICC pages are known to carry (DESIGN.md, "What real renderings of
these pages were seen to do"), in several interface languages and at every position, as text or HTML.
The wording here is this file's own: it is not read from the parser's data, so a phrase the parser does
not know is a failure the generator can find.

A `Shape` renders one page and says what a correct parse must give: the title, the period, the places,
every body paragraph, and the chrome words that must never become searchable.
"""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from hypothesis import strategies as st

from practice_search.ingest.corpus import load_corpus
from practice_search.ingest.model import Practice
from tests.paths import CORPUS

TOPICS = [
    "Anti-discrimination and Equality", "Anti-rumour", "Business and Employment", "Communication and public awareness",
    "Culture, Leisure and Heritage", "Developing a culture of openness and Interculturality", "Education",
    "Gender equality and Intersectionality", "Health, Social care and Family support", "Housing and urban planning",
    "International outlook", "Leadership and Political Commitment", "Mediation and conflict resolution",
    "Multilingualism", "Neighbourhood", "Political and public participation", "Public and Community Services",
    "Refugees", "Religion and Interfaith", "Roma", "Security, Justice and Safety", "Welcoming and social integration",
]
YEARS = [str(y) for y in range(2015, 2025)]


@dataclass(frozen=True)
class Interface:
    """The portal's interface words in one language."""

    back: str
    filter_by: str
    labels: tuple[str, str, str]  # topic, country, year
    reset: str
    toolbar: tuple[str, str, str, str]
    share: tuple[str, ...]
    cookie: tuple[str, ...]
    home: str
    good_practice: str
    read_more: str
    read_more_about: str  # with {} for a name
    related: str
    countries: dict[str, str]  # English name -> local name
    topics: dict[str, str] = field(default_factory=dict)  # English name -> local name, when the filter is localized


INTERFACES = {
    "en": Interface(
        "Back", "Filter by", ("Topic", "Countries", "Year"), "Reset Filter",
        ("Decrease text size", "Increase text size", "Print page", "Print as PDF"),
        ("Share this page", "Facebook", "Twitter", "LinkedIn", "Social media"),
        ("This site uses cookies to offer you a better browsing experience.", "Accept all", "Decline"),
        "Home", "Good practice", "Read More", "Read more about {} »", "Related practices",
        {"Austria": "Austria", "Belgium": "Belgium", "Greece": "Greece", "Italy": "Italy", "Japan": "Japan",
         "Luxembourg": "Luxembourg", "Norway": "Norway", "Spain": "Spain", "Switzerland": "Switzerland",
         "United Kingdom": "United Kingdom", "Germany": "Germany", "South Korea": "South Korea"}),
    "fr": Interface(
        "Retour", "Filtrer par", ("Thème", "Pays", "Année"), "Réinitialiser le filtre",
        ("Diminuer la taille du texte", "Augmenter la taille du texte", "Imprimer la page", "Imprimer en PDF"),
        ("Partager cette page", "Facebook", "Twitter", "Réseaux sociaux"),
        ("Ce site utilise des cookies pour améliorer votre expérience de navigation.", "Tout accepter", "Refuser"),
        "Accueil", "Bonnes pratiques", "Lire la suite", "En savoir plus sur {} »", "Pratiques similaires",
        {"Austria": "Autriche", "Belgium": "Belgique", "Greece": "Grèce", "Italy": "Italie", "Japan": "Japon",
         "Luxembourg": "Luxembourg", "Norway": "Norvège", "Spain": "Espagne", "Switzerland": "Suisse",
         "United Kingdom": "Royaume-Uni", "Germany": "Allemagne", "South Korea": "Corée du Sud"},
        {"Education": "Éducation", "Refugees": "Réfugiés", "Multilingualism": "Multilinguisme",
         "Housing and urban planning": "Logement et urbanisme", "Anti-rumour": "Anti-rumeurs",
         "Neighbourhood": "Voisinage", "Religion and Interfaith": "Religions et dialogue interconvictionnel"}),
    "de": Interface(
        "Zurück", "Filtern nach", ("Thema", "Länder", "Jahr"), "Filter zurücksetzen",
        ("Schrift verkleinern", "Schrift vergrößern", "Seite drucken", "Als PDF drucken"),
        ("Seite teilen", "Facebook", "Twitter", "Soziale Medien"),
        ("Diese Website verwendet Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "Alle akzeptieren",
         "Ablehnen"),
        "Startseite", "Gute Praxis", "Weiterlesen", "Mehr über {} »", "Ähnliche Praktiken",
        {"Austria": "Österreich", "Belgium": "Belgien", "Greece": "Griechenland", "Italy": "Italien", "Japan": "Japan",
         "Luxembourg": "Luxemburg", "Norway": "Norwegen", "Spain": "Spanien", "Switzerland": "Schweiz",
         "United Kingdom": "Vereinigtes Königreich", "Germany": "Deutschland", "South Korea": "Südkorea"},
        {"Education": "Bildung", "Refugees": "Geflüchtete", "Multilingualism": "Mehrsprachigkeit",
         "Neighbourhood": "Nachbarschaft", "Roma": "Roma"}),
    "it": Interface(
        "Indietro", "Filtra per", ("Tema", "Paesi", "Anno"), "Reimposta filtro",
        ("Riduci la dimensione del testo", "Aumenta la dimensione del testo", "Stampa la pagina", "Stampa in PDF"),
        ("Condividi questa pagina", "Facebook", "Twitter", "Social media"),
        ("Questo sito utilizza i cookie per migliorare la tua esperienza.", "Accetta", "Rifiuta"),
        "Home", "Buone pratiche", "Leggi di più", "Leggi di più su {} »", "Pratiche correlate",
        {"Austria": "Austria", "Belgium": "Belgio", "Greece": "Grecia", "Italy": "Italia", "Japan": "Giappone",
         "Luxembourg": "Lussemburgo", "Norway": "Norvegia", "Spain": "Spagna", "Switzerland": "Svizzera",
         "United Kingdom": "Regno Unito", "Germany": "Germania", "South Korea": "Corea del Sud"}),
    "pt": Interface(
        "Voltar", "Filtrar por", ("Tema", "Países", "Ano"), "Redefinir filtro",
        ("Diminuir o tamanho do texto", "Aumentar o tamanho do texto", "Imprimir a página", "Imprimir em PDF"),
        ("Partilhar esta página", "Facebook", "Twitter", "Redes sociais"),
        ("Este sítio utiliza cookies para melhorar a sua experiência.", "Aceitar", "Recusar"),
        "Início", "Boas práticas", "Ler mais", "Ler mais sobre {} »", "Práticas relacionadas",
        {"Austria": "Áustria", "Belgium": "Bélgica", "Greece": "Grécia", "Italy": "Itália", "Japan": "Japão",
         "Luxembourg": "Luxemburgo", "Norway": "Noruega", "Spain": "Espanha", "Switzerland": "Suíça",
         "United Kingdom": "Reino Unido", "Germany": "Alemanha", "South Korea": "Coreia do Sul"}),
    "es": Interface(
        "Atrás", "Filtrar por", ("Tema", "Países", "Año"), "Restablecer filtro",
        ("Reducir el tamaño del texto", "Aumentar el tamaño del texto", "Imprimir la página", "Imprimir en PDF"),
        ("Compartir esta página", "Facebook", "Twitter", "Redes sociales"),
        ("Este sitio web utiliza cookies para mejorar su experiencia.", "Aceptar", "Rechazar"),
        "Inicio", "Buenas prácticas", "Leer más", "Leer más sobre {} »", "Prácticas relacionadas",
        {"Austria": "Austria", "Belgium": "Bélgica", "Greece": "Grecia", "Italy": "Italia", "Japan": "Japón",
         "Luxembourg": "Luxemburgo", "Norway": "Noruega", "Spain": "España", "Switzerland": "Suiza",
         "United Kingdom": "Reino Unido", "Germany": "Alemania", "South Korea": "Corea del Sur"}),
    "eu": Interface(
        "Atzera", "Iragazi honen arabera", ("Gaia", "Herrialdeak", "Urtea"), "Berrezarri iragazkia",
        ("Testuaren tamaina txikitu", "Testuaren tamaina handitu", "Orria inprimatu", "PDFn inprimatu"),
        ("Partekatu orri hau", "Facebook", "Twitter", "Sare sozialak"),
        ("Webgune honek cookieak erabiltzen ditu zure esperientzia hobetzeko.", "Onartu", "Baztertu"),
        "Hasiera", "Jardunbide egokiak", "Irakurri gehiago", "Irakurri gehiago {} »", "Lotutako praktikak",
        {"Austria": "Austria", "Belgium": "Belgika", "Greece": "Grezia", "Italy": "Italia", "Japan": "Japonia",
         "Luxembourg": "Luxenburgo", "Norway": "Norvegia", "Spain": "Espainia", "Switzerland": "Suitza",
         "United Kingdom": "Erresuma Batua", "Germany": "Alemania", "South Korea": "Hego Korea"}),
    "fi": Interface(
        "Takaisin", "Suodata", ("Aihe", "Maat", "Vuosi"), "Nollaa suodatin",
        ("Pienennä tekstiä", "Suurenna tekstiä", "Tulosta sivu", "Tulosta PDF"),
        ("Jaa tämä sivu", "Facebook", "Twitter", "Sosiaalinen media"),
        ("Tämä sivusto käyttää evästeitä käyttökokemuksen parantamiseksi.", "Hyväksy", "Hylkää"),
        "Etusivu", "Hyvät käytännöt", "Lue lisää", "Lue lisää: {} »", "Aiheeseen liittyvät käytännöt",
        {"Austria": "Itävalta", "Belgium": "Belgia", "Greece": "Kreikka", "Italy": "Italia", "Japan": "Japani",
         "Luxembourg": "Luxemburg", "Norway": "Norja", "Spain": "Espanja", "Switzerland": "Sveitsi",
         "United Kingdom": "Yhdistynyt kuningaskunta", "Germany": "Saksa", "South Korea": "Etelä-Korea"}),
    "pl": Interface(
        "Powrót", "Filtruj według", ("Temat", "Kraje", "Rok"), "Resetuj filtr",
        ("Zmniejsz rozmiar tekstu", "Zwiększ rozmiar tekstu", "Drukuj stronę", "Drukuj do PDF"),
        ("Udostępnij tę stronę", "Facebook", "Twitter", "Media społecznościowe"),
        ("Ta strona używa plików cookie, aby poprawić komfort korzystania.", "Akceptuję", "Odrzuć"),
        "Strona główna", "Dobre praktyki", "Czytaj więcej", "Czytaj więcej o {} »", "Powiązane praktyki",
        {"Austria": "Austria", "Belgium": "Belgia", "Greece": "Grecja", "Italy": "Włochy", "Japan": "Japonia",
         "Luxembourg": "Luksemburg", "Norway": "Norwegia", "Spain": "Hiszpania", "Switzerland": "Szwajcaria",
         "United Kingdom": "Wielka Brytania", "Germany": "Niemcy", "South Korea": "Korea Południowa"}),
    "uk": Interface(
        "Назад", "Фільтрувати за", ("Тема", "Країни", "Рік"), "Скинути фільтр",
        ("Зменшити розмір тексту", "Збільшити розмір тексту", "Друкувати сторінку", "Друкувати в PDF"),
        ("Поділитися цією сторінкою", "Facebook", "Twitter", "Соціальні мережі"),
        ("Цей сайт використовує файли cookie для покращення вашого досвіду.", "Прийняти", "Відхилити"),
        "Головна", "Добрі практики", "Читати далі", "Читати далі про {} »", "Схожі практики",
        {"Austria": "Австрія", "Belgium": "Бельгія", "Greece": "Греція", "Italy": "Італія", "Japan": "Японія",
         "Luxembourg": "Люксембург", "Norway": "Норвегія", "Spain": "Іспанія", "Switzerland": "Швейцарія",
         "United Kingdom": "Велика Британія", "Germany": "Німеччина", "South Korea": "Південна Корея"}),
    "ja": Interface(
        "戻る", "絞り込み", ("トピック", "国", "年"), "フィルターをリセット",
        ("文字サイズを小さくする", "文字サイズを大きくする", "ページを印刷", "PDFで印刷"),
        ("このページを共有", "Facebook", "Twitter", "ソーシャルメディア"),
        ("このサイトではクッキーを使用しています。", "同意する", "拒否する"),
        "ホーム", "グッドプラクティス", "続きを読む", "{} の続きを読む »", "関連する取り組み",
        {"Austria": "オーストリア", "Belgium": "ベルギー", "Greece": "ギリシャ", "Italy": "イタリア", "Japan": "日本",
         "Luxembourg": "ルクセンブルク", "Norway": "ノルウェー", "Spain": "スペイン", "Switzerland": "スイス",
         "United Kingdom": "イギリス", "Germany": "ドイツ", "South Korea": "韓国"}),
}
INTRO = [
    "Intercultural cities: good practice examples",
    "An intercultural city sees the diversity of its people as a resource and shapes its policies so that "
    "residents of every origin meet and take part in city life.",
    "Template for collection of Good practices >>",
]
ADDRESS = ["Council of Europe", "Avenue de l'Europe F-67075 Strasbourg Cedex", "France", "Tel. +33 (0)3 88 41 20 00"]
# Body text that looks like chrome and must be kept: prose naming countries and topics, a sentence that
# starts like a link, a short list of partner countries.
LEGIT = ("During a study visit to Japan, Austria and Luxembourg, staff compared their Education and Refugees work "
         "with colleagues from Norway and Greece, and brought back ideas for the Roma mediators.")
LEGIT_VARIANTS = [
    [LEGIT],
    ["Read more about the project in the city's annual report, which lists every partner."],
    ["The partners came from three countries:", "- Spain", "- Italy", "- Greece"],
]
# Period lines as other renderings write them: (line, the period kept, start, end, ongoing), in 2026.
PERIOD_LINES = [
    ("Period: 2016–2018", "2016–2018", 2016, 2018, False), ("Période : 2019-2021", "2019-2021", 2019, 2021, False),
    ("Depuis 2012", "Depuis 2012", 2012, 2026, True), ("Desde 2015", "Desde 2015", 2015, 2026, True),
    ("Seit 2014", "Seit 2014", 2014, 2026, True), ("dal 2013", "dal 2013", 2013, 2026, True),
    ("2017 – en cours", "2017 – en cours", 2017, 2026, True), ("Zeitraum: seit 2014", "seit 2014", 2014, 2026, True),
    ("2015 – 2019", "2015 – 2019", 2015, 2019, False),
    ("Permanent since 2012", "Permanent since 2012", 2012, 2026, True),
    ("Ongoing activities (Since 2012)", "Ongoing activities (Since 2012)", 2012, 2026, True),
]
# A back link repeated at the bottom of the page, in the page's language or the longer forms.
BOTTOM_BACK = ["Back to list", "Retour à la liste", "Zurück zur Übersicht", "Torna all'elenco", "Volver a la lista",
               "Voltar à lista", "Takaisin listaan", "Powrót do listy", "Назад до списку", "一覧に戻る"]
SITE_NAMES = ["Intercultural Cities", "Intercultural cities programme", "Council of Europe"]
NBSP = "\u00a0"
FILTER_HEADERS = {ui.filter_by for ui in INTERFACES.values()}


class Block(list):
    """A chrome block's lines, with the kind of block they are (an HTML rendering dresses some kinds apart)."""

    def __init__(self, name: str, lines: list[str]) -> None:
        super().__init__(lines)
        self.name = name


@dataclass
class Expected:
    title: str
    period: str | None
    cities: list[str] | None  # None: the page gives no places, any found must come from the body
    paragraphs: list[str]
    chrome_words: set[str]
    years: tuple[int | None, int | None, bool] | None = None  # (start, end, ongoing) when the page rewrote the period


@dataclass
class Shape:
    """One generated page: its file name, content, optional sidecar, and what its parse must give."""

    name: str
    content: str
    sidecar: dict | None
    expected: Expected
    description: str
    encoding: str = "utf-8"  # how the file is saved: utf-8, utf-8-sig, utf-16 (with BOM) or cp1252


@lru_cache(maxsize=1)
def source_practices() -> list[Practice]:
    """Sample-corpus practices whose text renders faithfully as a page: titled, with a period, no table rows."""
    report = load_corpus(CORPUS, current_year=2026)
    return [p for p in report.practices
            if p.period and p.cities and p.sections and "|" not in p.body and len(p.body) < 6000
            and not p.source.startswith("export")]


def words(text: str) -> set[str]:
    text = unicodedata.normalize("NFKD", text.replace(NBSP, " ")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return set(re.findall(r"[^\W_]+", text))


# --- chrome blocks, each a list of lines ----------------------------------------------------------------


def sidebar(ui: Interface, draw) -> list[str]:
    header = draw(st.sampled_from(["plain", "repeated", "absent", "colon", "localized-unknown", "middle", "upper"]))
    # '{}': a bare number after the item; '\n{}': the count on a line of its own
    packed = draw(st.sampled_from(["lines", "lines", "one-line", "per-facet-line"]))
    counts = draw(st.sampled_from(["", "", "({})", "[{}]", "{}", *(["\n{}"] if packed == "lines" else [])]))
    bullet = draw(st.sampled_from(["", "", "- ", "• ", "☐ "]))
    joiner = draw(st.sampled_from([" ", " ", " | ", " · ", ", ", "; "]))  # commas: topic names hold them too
    topic_names = [ui.topics.get(t, t) for t in TOPICS]
    groups = [
        (ui.labels[0], topic_names),
        (ui.labels[1], sorted(ui.countries.values())),
        (ui.labels[2], YEARS),
    ]
    if draw(st.booleans()):
        groups = [groups[1], groups[0], groups[2]]
    rendered = []
    for label, items in groups:
        items = [f"{item} {counts.format(draw(st.integers(1, 40)))}" if counts else item for item in items]
        if packed == "per-facet-line":
            rendered.append([label, joiner.join(items)])
        else:
            rendered.append([label, *(bullet + item for item in items)])
    lines = [part for group in rendered for line in group for part in line.split("\n")]
    if packed == "one-line":
        lines = [joiner.join(lines)]
    head = {"plain": [ui.filter_by], "repeated": [ui.filter_by, ui.filter_by], "absent": [],
            "colon": [ui.filter_by + ":"], "localized-unknown": ["Filtres actifs"], "middle": [],
            "upper": [ui.filter_by.upper()]}[header]
    if header == "middle" and len(lines) > 4:
        lines.insert(len(lines) // 2, ui.filter_by)
    return [*head, *lines, ui.reset] if draw(st.booleans()) else [*head, *lines]


def toolbar(ui: Interface, draw) -> list[str]:
    items = [item.upper() for item in ui.toolbar] if draw(st.booleans()) else list(ui.toolbar)
    if draw(st.booleans()):
        items = ["A-", "A+", *items]  # font-size buttons shown as glyphs
    return [" ".join(items)] if draw(st.booleans()) else items


def cookie(ui: Interface, draw) -> list[str]:
    return list(ui.cookie)


def breadcrumb(ui: Interface, draw, title: str) -> list[str]:
    sep = draw(st.sampled_from([" > ", " / ", " › ", " » "]))
    return [sep.join([ui.home, ui.good_practice, title])]


def share(ui: Interface, draw) -> list[str]:
    return [" ".join(ui.share)] if draw(st.booleans()) else list(ui.share)


def related(ui: Interface, draw, others: list[Practice]) -> list[str]:
    lines = [ui.related]
    for other in others:
        lines += ["", other.title, " ".join([*other.countries[:1], *other.cities[:2], other.period or ""]).strip(),
                  other.summary or "A short teaser about this other practice.", ui.read_more]
    return lines


def read_more_link(ui: Interface, draw, others: list[Practice]) -> list[str]:
    return [ui.read_more_about.format(others[0].cities[0])]


# --- the page ---------------------------------------------------------------------------------------------


@st.composite
def shapes(draw) -> Shape:
    pool = source_practices()
    practice = draw(st.sampled_from(pool))
    others = [p for p in (draw(st.sampled_from(pool)) for _ in range(2)) if p.id != practice.id] or [pool[0]]
    langs = draw(st.lists(st.sampled_from(sorted(INTERFACES)), min_size=1, max_size=3, unique=True))
    ui = INTERFACES[langs[0]]

    def some_ui() -> Interface:  # mixed-language chrome: each block may take another of the page's languages
        return INTERFACES[draw(st.sampled_from(langs))]

    title_layout = draw(st.sampled_from(["back-own-line", "back-same-line", "no-back-intro", "body-only"]))
    places = draw(st.sampled_from(["sidecar", "none"] if title_layout == "body-only" else ["meta-line", "sidecar",
                                                                                          "none"]))
    legit = draw(st.sampled_from([[], [], *LEGIT_VARIANTS]))
    blocks = {
        "sidebar": sidebar(some_ui(), draw),
        "toolbar": toolbar(some_ui(), draw),
        "cookie": cookie(some_ui(), draw),
        "breadcrumb": breadcrumb(some_ui(), draw, practice.title),
        "share": share(some_ui(), draw),
        "related": related(some_ui(), draw, others),
        "read-more": read_more_link(some_ui(), draw, others),
        "address": list(ADDRESS),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(blocks)), min_size=1, max_size=len(blocks), unique=True))
    if draw(st.booleans()) and "sidebar" in chosen:  # a sidebar split in two halves, apart on the page
        half = len(blocks["sidebar"]) // 2
        blocks["sidebar-2"] = blocks["sidebar"][half:]
        blocks["sidebar"] = blocks["sidebar"][:half]
        chosen.append("sidebar-2")
    positions = {name: draw(st.sampled_from(["top", "under-title", "end"])) for name in chosen}
    if "toolbar" in chosen and draw(st.booleans()):
        positions["toolbar"] = "under-title"

    def at(position: str) -> list[Block]:
        return [Block(name, blocks[name]) for name in chosen if positions[name] == position]

    paragraphs = [p for s in practice.sections for p in s.text.split("\n\n") if p.strip()]
    sections = [(s.heading, [p for p in s.text.split("\n\n") if p.strip()]) for s in practice.sections]
    if legit:
        sections = [*sections[:-1], (sections[-1][0], [*sections[-1][1], *legit])]
        paragraphs.extend(legit)
    period_line = draw(st.sampled_from([None, None, *PERIOD_LINES])) if title_layout != "body-only" else None
    if period_line and places == "meta-line" and ":" in period_line[0]:
        period_line = None  # a labelled period stays on its own line
    period_text = period_line[0] if period_line else practice.period or ""
    meta = None
    if places == "meta-line":
        countries = practice.countries if draw(st.booleans()) else practice.countries[:1]
        meta = " ".join([*countries, *practice.cities, period_text]).strip()
    elif period_line:
        meta = period_text
    bottom_back = draw(st.sampled_from([None, None, None, *BOTTOM_BACK]))
    sidecar: dict | None = {}
    if places == "sidecar":
        sidecar.update(cities=practice.cities, countries=practice.countries)
    if title_layout == "body-only":  # a crawl's listing facts: the text itself holds only the body
        sidecar.update(title=practice.title, period=practice.period)
    as_html = draw(st.booleans())
    render = _html if as_html else _text
    content = render(draw, ui, practice, title_layout, meta, sections, at, bottom_back)
    if not as_html:
        content = _text_quirks(draw, content)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    if encoding == "cp1252":
        try:
            content.encode("cp1252")
        except UnicodeEncodeError:
            encoding = "utf-8"
        if as_html and encoding == "cp1252" and draw(st.booleans()):
            content = content.replace("<head>", "<head><meta charset='windows-1252'>", 1)
    chrome_text = " ".join(line for block in blocks.values() for line in block)
    chrome_text += " " + " ".join([*INTRO, *SITE_NAMES, *BOTTOM_BACK]) + " " + " ".join(
        i.back for i in INTERFACES.values())
    clean = f"{practice.title} {practice.body} {practice.period} {' '.join(practice.cities)} " \
            f"{' '.join(practice.countries)} {' '.join(legit)}"
    if period_line:
        clean += " " + period_line[0]
    expected = Expected(
        title=practice.title,
        period=period_line[1] if period_line else practice.period,
        cities=practice.cities if places != "none" else None,
        paragraphs=paragraphs,
        chrome_words=words(chrome_text) - words(clean),
        years=period_line[2:] if period_line else None,
    )
    description = (f"{practice.id} as {'html' if as_html else 'text'} ({encoding}), title {title_layout}, "
                   f"places {places}, period line {period_text!r}, bottom back {bottom_back!r}, languages {langs}, "
                   f"chrome {[(n, positions[n]) for n in chosen]}")
    name = f"{practice.id}.{'html' if as_html else 'txt'}"
    return Shape(name, content, sidecar or None, expected, description, encoding)


def _title_lines(ui: Interface, practice: Practice, layout: str, meta: str | None) -> list[str]:
    head = {"back-own-line": [ui.back, "", practice.title], "back-same-line": [f"{ui.back} {practice.title}"],
            "no-back-intro": [*INTRO, "", practice.title], "body-only": []}[layout]
    if layout == "body-only":
        return []
    return [*head, "", meta if meta else practice.period or ""]


def _text(draw, ui, practice, layout, meta, sections, at, bottom_back) -> str:
    lines: list[str] = ["Skip to main content", "Intercultural Cities", ""]
    for block in at("top"):
        lines += [*block, ""]
    lines += _title_lines(ui, practice, layout, meta)
    lines.append("")
    for block in at("under-title"):
        lines += [*block, ""]
    for heading, paragraphs in sections:
        if heading:
            lines += [heading, ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    for block in at("end"):
        lines += ["", *block, ""]
    if bottom_back:
        lines += ["", bottom_back, ""]
    return "\n".join(lines)


def _text_quirks(draw, text: str) -> str:
    """Every line indented or hard-wrapped at 72 columns, CRLF line endings, tabs before lines, non-breaking
    spaces inside chrome lines."""
    layout = draw(st.sampled_from(["plain", "plain", "indented", "wrapped", "wrapped-indented"]))
    if layout in ("wrapped", "wrapped-indented"):  # 'save as text' with a line width: sentences break mid-way
        text = "\n".join(textwrap.fill(line, 72, break_long_words=False, break_on_hyphens=False) if line else ""
                         for line in text.split("\n"))
    if layout in ("indented", "wrapped-indented"):
        indent = draw(st.sampled_from(["  ", "    ", "\t", " " * 8]))
        text = "\n".join(indent + line if line else line for line in text.split("\n"))
    if draw(st.booleans()):
        text = "\n".join(("\t" + line if line and draw(st.integers(0, 9)) == 0 else line) for line in text.split("\n"))
    if draw(st.booleans()):
        text = text.replace("Filter by", f"Filter{NBSP}by").replace("Read More", f"Read{NBSP}More")
    if draw(st.booleans()):  # a zero-width space inside chrome words, as some renderers leave
        text = text.replace("Reset Filter", "Reset\u200bFilter").replace("Share this", "Share\u200b this")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def _html(draw, ui, practice, layout, meta, sections, at, bottom_back) -> str:
    e = html.escape
    style = draw(st.sampled_from(["classed", "bare"]))  # bare: no telling class names, content must decide

    def block(lines: Block) -> str:
        kind = draw(st.sampled_from(["ul", "p", "div", "table", "br", *(
            ["select", "checkbox"] if lines.name.startswith("sidebar") else [])]))
        cls = f" class='{draw(st.sampled_from(['filter-panel', 'tools', 'share-bar', 'portlet', 'box']))}'" \
            if style == "classed" else ""
        tag = draw(st.sampled_from(["div", "div", "aside", "nav", "section"])) if style == "classed" else "div"
        if lines.name == "cookie" and draw(st.booleans()):
            tag = "dialog open"
        close = tag.split()[0]
        lines = Block(lines.name, [x for x in lines if x])
        head = ""
        if lines and lines[0] in FILTER_HEADERS and draw(st.booleans()):
            level = draw(st.sampled_from(["h2", "h3", "h3-twice"]))  # 'twice': the header as two text nodes
            twice = f"<span class='sr-only'>{e(lines[0])}</span>" if level == "h3-twice" else ""
            head = f"<{level[:2]}>{e(lines[0])}{twice}</{level[:2]}>"
            lines = Block(lines.name, lines[1:])
        if kind == "ul":
            inner = "<ul>" + "".join(f"<li><a href='#'>{e(x)}</a></li>" for x in lines) + "</ul>"
        elif kind == "table":
            inner = "<table>" + "".join(f"<tr><td>{e(x)}</td></tr>" for x in lines) + "</table>"
        elif kind == "p":
            inner = "".join(f"<p>{e(x)}</p>" for x in lines)
        elif kind == "br":  # one box, lines apart by <br> only
            inner = "<p>" + "<br>".join(e(x) for x in lines) + "</p>"
        elif kind == "select" and lines:  # a drop-down, its label outside the control
            inner = "<form><label for='f'>" + e(lines[0]) + "</label><select id='f'>" + "".join(
                f"<option>{e(x)}</option>" for x in lines[1:]) + "</select></form>"
        elif kind == "checkbox":
            inner = "".join(f"<div><input type='checkbox' id='c{i}'><label for='c{i}'>{e(x)}</label></div>"
                            for i, x in enumerate(lines))
        else:
            inner = " ".join(f"<a href='#'>{e(x)}</a>" for x in lines)
        return f"<{tag}{cls}>{head}{inner}</{close}>"

    parts = ["<!DOCTYPE html><html lang='en'><head><title>Intercultural Cities</title></head><body>",
             "<div class='top'><a href='/'>Skip to main content</a></div>"]
    title_tag = "h1"
    if layout != "body-only" and draw(st.booleans()):  # the site's name in the h1, the practice's title in an h2
        parts.append(f"<div class='site'><h1>{e(draw(st.sampled_from(SITE_NAMES)))}</h1></div>")
        title_tag = "h2"
    parts += [block(b) for b in at("top")]
    if layout != "body-only":
        if layout == "back-own-line":
            parts.append(f"<a href='/gp' class='back'>{e(ui.back)}</a>")
        elif layout == "no-back-intro":
            parts.append("<div>" + "".join(f"<p>{e(x)}</p>" for x in INTRO) + "</div>")
        title = f"<a href='/gp'>{e(ui.back)}</a> {e(practice.title)}" if layout == "back-same-line" else e(
            practice.title)
        parts.append(f"<{title_tag}>{title}</{title_tag}>")
        parts.append(f"<p>{e(meta if meta else practice.period or '')}</p>")
    parts += [block(b) for b in at("under-title")]
    parts.append("<div class='content'>")
    body_style = draw(st.sampled_from(["p", "p", "br"]))
    for heading, paragraphs in sections:
        if body_style == "br":  # headings in bold, paragraphs apart by two <br>, no <p> at all
            text = "<br><br>".join(f"- {e(p[2:])}" if p.startswith("- ") else e(p) for p in paragraphs)
            parts.append((f"<b>{e(heading)}</b><br>" if heading else "") + text + "<br><br>")
            continue
        if heading:
            parts.append(f"<h3>{e(heading)}</h3>")
        run: list[str] = []  # consecutive bullets: one list, where they stand
        for paragraph in [*paragraphs, ""]:
            if paragraph.startswith("- "):
                run.append(paragraph[2:])
                continue
            if run:
                parts.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in run) + "</ul>")
                run = []
            if paragraph:
                parts.append(f"<p>{e(paragraph)}</p>")
    parts.append("</div>")
    parts += [block(b) for b in at("end")]
    if bottom_back:
        parts.append(f"<p><a href='/gp'>{e(bottom_back)}</a></p>")
    parts.append("</body></html>")
    return "\n".join(parts)
