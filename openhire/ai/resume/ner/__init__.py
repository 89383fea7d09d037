"""Chinese resume entity tagger: NAME, CONT, RACE, TITLE, EDU, ORG, PRO and LOC in free text.

``load_tagger()`` returns the CRF model shipped in this package; ``openhire resume entities``,
``openhire eval resume-ner`` and ``openhire train resume-ner`` are its commands.
"""

from openhire.ai.resume.ner.bmes import ENTITY_TYPES, BmesFormatError, Span, read_bmes, tags_to_spans
from openhire.ai.resume.ner.tagger import CrfEntityTagger, Entity, EntityTagger, NerModelError, load_tagger

__all__ = [
    "ENTITY_TYPES",
    "BmesFormatError",
    "CrfEntityTagger",
    "Entity",
    "EntityTagger",
    "NerModelError",
    "Span",
    "load_tagger",
    "read_bmes",
    "tags_to_spans",
]
