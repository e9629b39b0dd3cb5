"""One practice, one hit: near-duplicates (translations, republished pages) collapse in results.

Groups are found at index time (ingest.dedupe, stored in the generation's build.json under
"duplicates"); here only their members' ids are mapped to document numbers, once per generation
(search.generation keeps the result).
When build.json does not describe the reader's commit (an index from before index-time groups,
or a commit whose build.json is not written yet) the groups are recomputed from the stored
records instead, so they always match what is indexed. When several members of a group match a
query, the best-scoring one in the query's language (else of all) leads; the others follow it directly in
the results (versions "group", the default) or only appear in its `also` list (versions "fold").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from practice_search.ingest.dedupe import duplicate_links
from practice_search.ingest.model import Practice


@dataclass
class Duplicates:
    group: np.ndarray                      # docnum -> group number, -1 when the practice stands alone
    members: list[np.ndarray] = field(default_factory=list)
    also: dict[int, list[dict]] = field(default_factory=dict)  # docnum -> [{"id","title","language","relation"}]

    def collapse(self, mask: np.ndarray, scores: np.ndarray | None = None,
                 preferred: np.ndarray | list[np.ndarray] | None = None) -> np.ndarray:
        """Keep one matching member per group: narrowed by each `preferred` mask in turn where a member
        passes it (the versions holding every word, then the query's language), the best-scoring, else
        the first (the original page).

        Applied to the filtered results, so a language filter shows that language's version; facet
        counts stay per page (the language facet counts every translation)."""
        if not self.members:
            return mask
        tiers = [] if preferred is None else [preferred] if isinstance(preferred, np.ndarray) else preferred
        out = mask.copy()
        for members in self.members:
            matching = members[mask[members]]
            if len(matching) > 1:
                for tier in tiers:
                    if tier[matching].any():
                        matching = matching[tier[matching]]
                keep = matching[int(np.argmax(scores[matching]))] if scores is not None else matching[0]
                out[members[mask[members]]] = False
                out[keep] = True
        return out

    def with_versions(self, leads: np.ndarray, shown: np.ndarray) -> np.ndarray:
        """The leads and, among `shown`, every other version of their practices."""
        groups = np.unique(self.group[leads & (self.group >= 0)])
        return leads | (shown & np.isin(self.group, groups)) if len(groups) else leads

    def versions(self, lead: int, shown: np.ndarray, scores: np.ndarray | None = None) -> list[int]:
        """The lead's other versions among `shown`, best-scoring first (else in group order): in the
        grouped list they follow it directly."""
        group = self.group[lead] if lead < len(self.group) else -1
        if group < 0:
            return []
        members = self.members[group]
        others = members[shown[members] & (members != lead)]
        if scores is not None and len(others) > 1:
            others = others[np.argsort(-scores[others], kind="stable")]
        return [int(d) for d in others]


def duplicates(searcher, info: dict) -> Duplicates:
    """The groups of the searcher's index; `info` is its generation's build.json."""
    reader = searcher.reader()
    links = info.get("duplicates")
    if not isinstance(links, dict) or info.get("whoosh_generation") != reader.generation():
        links = duplicate_links(_stored_practices(reader))
    return _from_links(searcher, links)


def _from_links(searcher, links: dict[str, list[dict]]) -> Duplicates:
    docnums = {pid: searcher.document_number(id=pid) for pid in links}
    docnums = {pid: d for pid, d in docnums.items() if d is not None}
    result = Duplicates(np.full(searcher.reader().doc_count_all(), -1, dtype=np.int64))
    for pid, docnum in docnums.items():
        others = [link for link in links[pid] if link["id"] in docnums]
        if not others:
            continue
        result.also[docnum] = others
        if result.group[docnum] < 0:
            # the original page when scores cannot choose: the shortest id (translations add a suffix)
            original = min([pid, *(o["id"] for o in others)], key=lambda i: (len(i), i))
            members = sorted([docnum, *(docnums[o["id"]] for o in others)],
                             key=lambda d: (d != docnums[original], d))
            result.group[members] = len(result.members)
            result.members.append(np.array(members, dtype=np.int64))
    return result


def _stored_practices(reader) -> list[Practice]:
    return [Practice.from_dict(json.loads(stored["record"])) for _, stored in reader.iter_docs() if "record" in stored]
