"""Section headings that practice pages use, in the site's languages."""

from __future__ import annotations

import re

from practice_search.ingest.text_utils import fold

_KNOWN_HEADINGS = {
    fold(h) for h in (
        "Purpose", "Stimulus/Rationale", "Stimulus / Rationale", "Rationale", "Stimulus", "Process", "Impact",
        "Sustainability", "Concept", "Foundation", "Progress", "Results", "Outcomes", "Background", "Context",
        "Description", "Objectives", "Objective", "Aims", "Lessons learned", "Partners", "Funding", "Evaluation",
        "Objectif", "Objectifs", "Contexte", "Démarche", "Processus", "Durabilité", "Résultats",
        "Objetivo", "Objetivos", "Contexto", "Proceso", "Impacto", "Sostenibilidad", "Resultados",
        "Obiettivo", "Obiettivi", "Contesto", "Processo", "Impatto", "Sostenibilità", "Risultati",
        "Ziel", "Ziele", "Hintergrund", "Vorgehen", "Wirkung", "Nachhaltigkeit", "Ergebnisse",
        "Sustentabilidade", "Sustentabilidad", "Impacte",
        # 'Concept / Foundation / Progress' pages in the other interface languages
        "Fondement", "Progrès", "Concepto", "Fundamento", "Progreso", "Concetto", "Fondamento", "Progresso",
        "Konzept", "Grundlage", "Fortschritt", "Conceito", "Fundamentação", "Progressos",
    )
}
_INLINE = re.compile(r"^([^\W\d_][^:.]{1,40}?)\s*:\s+(\S.*)$", re.DOTALL)


def is_known_heading(text: str) -> bool:
    return fold(text.strip().rstrip(":").strip()) in _KNOWN_HEADINGS


def split_inline_heading(text: str) -> tuple[str | None, str]:
    """'Purpose: To teach ...' -> ('Purpose', 'To teach ...') for known headings only."""
    match = _INLINE.match(text)
    if match and is_known_heading(match.group(1)):
        return match.group(1).strip(), match.group(2).strip()
    return None, text
