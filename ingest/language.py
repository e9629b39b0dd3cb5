"""Page language detection (py3langid, its model ships inside the package).

The packaged model is LZMA-compressed: unpacking it costs about a second, which dominated
re-indexing one changed page. So the first load also writes the unpacked arrays (already
restricted to LANGUAGES) to a per-user cache folder, and later processes memory-map them.
The identifier built from them holds the very same arrays, so it gives the very same answers;
a missing, damaged or unwritable cache only means the slow load.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "fr", "es", "it", "de", "pt", "nl", "uk", "ru", "pl", "el", "sv", "da", "no", "ca", "eu",
             "sr", "hr", "ro", "tr", "sq", "fi", "is", "ja", "ko", "he")
_MIN_CHARS = 40
_CACHE_FORMAT = 1
_ARRAYS = ("ptc", "pc", "nextmove", "row", "output")


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of the text; the page's declared language when the text is too short to tell."""
    sample = text[:5000]
    if len(sample.strip()) < _MIN_CHARS:
        return hint
    code, probability = _identifier().classify(sample)
    if probability < 0.5 and hint:
        return hint
    return str(code)


@lru_cache(maxsize=1)
def _identifier():
    """Loaded on first use only: a run whose pages all come from the parse cache never pays for it."""
    folder = model_cache_folder()
    identifier = _from_cache(folder) if folder else None
    if identifier is None:
        identifier = _from_package()
        if folder:
            _write_cache(identifier, folder)
    return identifier


def model_cache_folder() -> Path | None:
    """$XDG_CACHE_HOME (or ~/.cache)/practice-search/langid-<digest of the model file and LANGUAGES>."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    model = MODEL_DIR / MODEL_FILE
    try:
        st = model.stat()
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (OSError, RuntimeError):  # no model file to key on, or no home folder
        return None
    key = f"{_CACHE_FORMAT}|{model}|{st.st_size}:{st.st_mtime_ns}|{','.join(LANGUAGES)}"
    return base / "practice-search" / f"langid-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _from_package():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _from_cache(folder: Path):
    """The identifier from memory-mapped arrays, or None when the cache is absent or does not fit together."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    try:
        classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
        a = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
        if not _consistent(classes, a):
            return None
    except (OSError, ValueError, EOFError):  # EOFError: an empty file, as a crash mid-write may leave
        return None
    # The DFA walk indexes nextmove and row once per byte of text: plain Python sequences of ints
    # (a memoryview over the mapped file, an int list) keep it as fast as the packaged model's arrays.
    return LanguageIdentifier(np.asarray(a["ptc"]), np.asarray(a["pc"]), classes, memoryview(a["nextmove"]),
                              a["output"].tolist(), norm_probs=True, tk_row=a["row"].tolist())


def _consistent(classes: object, a: dict) -> bool:
    """Shapes agree and every index stays in bounds, so a damaged file can never crash a build."""
    ptc, nextmove, row, output = a["ptc"], a["nextmove"], a["row"], a["output"]
    if not (isinstance(classes, list) and all(isinstance(c, str) for c in classes) and ptc.ndim == 2
            and ptc.shape[1] == len(classes) == len(a["pc"]) and len(row) == len(output) > 0
            and nextmove.dtype.kind == row.dtype.kind == "u" and output.dtype.kind == "i"
            and len(nextmove) > 0 and len(nextmove) % 256 == 0):
        return False
    return bool(row.max() < len(nextmove) // 256 and nextmove.max() < len(output)
                and output.min() >= -1 and output.max() < len(ptc))


def _write_cache(identifier, folder: Path) -> None:
    """Write every file into a private folder, then rename it into place: readers see all of it or nothing."""
    import numpy as np

    arrays = {"ptc": identifier.nb_ptc, "pc": identifier.nb_pc,
              "output": np.asarray(identifier.tk_output, dtype=np.int32),
              "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=f"u{identifier.tk_nextmove.itemsize}"),
              "row": np.frombuffer(identifier.tk_row, dtype=f"u{identifier.tk_row.itemsize}")}
    with contextlib.suppress(OSError):
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
        try:
            for name, array in arrays.items():
                np.save(work / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
            (work / "classes.json").write_text(json.dumps(list(identifier.nb_classes)), encoding="utf-8")
            shutil.rmtree(folder, ignore_errors=True)  # absent or unusable, or we would not be writing
            os.rename(work, folder)
        finally:
            shutil.rmtree(work, ignore_errors=True)
