"""Resume stage: file bytes → text → structured profile. Plain Python, no Django."""

from openhire.ai.resume.batch import ParsedResume, parse_file, parse_sources
from openhire.ai.resume.bulkzip import extract_zip
from openhire.ai.resume.contracts import (
    Education,
    EngineInfo,
    Experience,
    ExtractedText,
    Flag,
    ResumeProfile,
)
from openhire.ai.resume.errors import ResumeError
from openhire.ai.resume.extract import detect_type, extract_text
from openhire.ai.resume.parse import parse_resume

__all__ = [
    "Education",
    "EngineInfo",
    "Experience",
    "ExtractedText",
    "Flag",
    "ParsedResume",
    "ResumeError",
    "ResumeProfile",
    "detect_type",
    "extract_text",
    "extract_zip",
    "parse_file",
    "parse_resume",
    "parse_sources",
]
