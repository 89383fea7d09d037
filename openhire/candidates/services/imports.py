"""Excel/CSV import of candidates: upload → column mapping → validation report.

Good rows are imported; bad rows are kept, with the reason, in a downloadable error file (same
columns plus "error"), so nothing in a messy historical spreadsheet is lost.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from openhire.audit.services import audit_record
from openhire.candidates.models import Application, ImportBatch
from openhire.candidates.profile import normalize_birth_date, normalize_phone, split_list
from openhire.candidates.services.people import (
    application_create,
    candidate_find_duplicate,
    candidate_upsert,
)
from openhire.core.errors import OpenhireError, ValidationFailed

if TYPE_CHECKING:
    from openhire.accounts.models import Organization, User
    from openhire.jobs.models import Job

MAX_ROWS = 20000

# Field → label, and header words that suggest it (detected mapping; HR confirms on the mapping page).
IMPORT_FIELDS: dict[str, Any] = {
    "": gettext_lazy("(ignore this column)"),
    "name": pgettext_lazy("person", "Name"),
    "phone": gettext_lazy("Mobile phone"),
    "email": gettext_lazy("E-mail"),
    "birth_date": gettext_lazy("Birth date"),
    "gender": gettext_lazy("Gender"),
    "location": gettext_lazy("Location"),
    "school": gettext_lazy("School"),
    "degree": gettext_lazy("Degree"),
    "major": gettext_lazy("Major"),
    "total_years": gettext_lazy("Years of experience"),
    "skills": gettext_lazy("Skills"),
    "certificates": gettext_lazy("Certificates"),
    "source": gettext_lazy("Source"),
}
_HINTS = {
    "name": ("姓名", "名字", "候选人", "name", "full name", "candidate"),
    "phone": ("手机", "电话", "联系方式", "phone", "mobile", "tel"),
    "email": ("邮箱", "电子邮件", "email", "e-mail", "mail"),
    "birth_date": ("出生", "生日", "birth", "dob"),
    "gender": ("性别", "gender", "sex"),
    "location": ("所在地", "现居", "城市", "地点", "location", "city"),
    "school": ("学校", "院校", "毕业院校", "school", "university", "college"),
    "degree": ("学历", "学位", "degree", "education"),
    "major": ("专业", "major"),
    "total_years": ("工作年限", "年限", "经验", "years", "experience"),
    "skills": ("技能", "skills", "skill"),
    "certificates": ("证书", "资格", "certificate", "certificates"),
    "source": ("来源", "渠道", "source", "channel"),
}


class ImportFileError(OpenhireError):
    code = "import_unreadable"
    status = 422


def guess_mapping(headers: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        low = header.strip().lower()
        for field, hints in _HINTS.items():
            if field in taken:
                continue
            if any(hint == low for hint in hints) or any(hint in low for hint in hints if len(hint) > 1):
                mapping[str(index)] = field
                taken.add(field)
                break
    return mapping


def read_table(data: bytes, filename: str, *, max_rows: int | None = None) -> list[list[str]]:
    """Rows of an .xlsx or .csv file as text cells (first row: headers); only the first
    ``max_rows`` when given (a preview need not parse a 20,000-row sheet)."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, max_rows)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_("Old Excel (.xls) files cannot be read; save the sheet as .xlsx or CSV."))
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("This is not a spreadsheet or CSV file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is not UTF-8 or GBK text."))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = itertools.islice(csv.reader(io.StringIO(text), dialect), max_rows)
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %s") % exc) from None


def _read_xlsx(data: bytes, max_rows: int | None = None) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportFileError(_("The Excel file is damaged or not an .xlsx file.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > MAX_ROWS + 1 or len(rows) == max_rows:
                break
        return rows
    finally:
        workbook.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def import_prepare(
    *, organization: Organization, actor: User, job: Job | None, filename: str, upload: Any
) -> ImportBatch:
    """Store the file and detect its columns; the mapping step comes next."""
    limit = int(settings.OPENHIRE_MAX_UPLOAD_BYTES)
    if getattr(upload, "size", 0) > limit:
        raise ValidationFailed(_("The file is too large."), field="file")
    data = upload if isinstance(upload, bytes) else upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(_("The file is too large."), field="file")
    rows = read_table(data, filename)
    headers = next((row for row in rows if any(row)), [])
    if not headers:
        raise ImportFileError(_("The file has no header row."))
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    headers = [h or f"#{i + 1}" for i, h in enumerate(headers)]
    with transaction.atomic():
        batch = ImportBatch(
            organization=organization,
            job=job,
            original_name=filename[-255:],
            sha256=hashlib.sha256(data).hexdigest(),
            headers=headers,
            mapping=guess_mapping(headers),
            total_rows=max(0, sum(1 for row in rows if any(row)) - 1),
            created_by=actor,
        )
        batch.file.save(f"imports/{organization.id}/f", ContentFile(data), save=False)
        batch.save()
        audit_record(
            actor=actor,
            organization=organization,
            action="import.uploaded",
            obj=batch,
            after={"rows": batch.total_rows, "columns": len(headers), "job": str(job.id) if job else ""},
        )
    return batch


_PHONE = re.compile(r"^1[3-9]\d{9}$|^\d{7,15}$")


def _validate(row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    clean: dict[str, Any] = {k: v.strip() for k, v in row.items()}
    if not clean.get("name"):
        errors.append(_("name is missing"))
    phone = clean.get("phone", "")
    email = clean.get("email", "")
    if phone:
        if not _PHONE.match(normalize_phone(phone)):
            errors.append(_("phone %(value)s is not a phone number") % {"value": phone})
        else:
            clean["phone"] = normalize_phone(phone)
    if email:
        try:
            validate_email(email)
        except Exception:
            errors.append(_("e-mail %(value)s is not valid") % {"value": email})
    if not phone and not email:
        errors.append(_("neither phone nor e-mail is given"))
    if clean.get("birth_date"):
        born = normalize_birth_date(clean["birth_date"])
        if not born:
            errors.append(_("birth date %(value)s is not a date") % {"value": clean["birth_date"]})
        clean["birth_date"] = born
    if clean.get("total_years"):
        try:
            years = float(re.sub(r"[^\d.]", "", clean["total_years"]) or "x")
            if not 0 <= years <= 60:
                raise ValueError
            clean["total_years"] = years
        except ValueError:
            errors.append(
                _("years of experience %(value)s is not a number") % {"value": clean["total_years"]}
            )
    return clean, errors


def _profile(clean: dict[str, Any]) -> dict[str, Any]:
    from openhire.ai.matching.dictionary import load_dictionary

    profile: dict[str, Any] = {}
    if clean.get("school") or clean.get("degree") or clean.get("major"):
        degree_text = clean.get("degree", "")
        level = load_dictionary().degree_level(degree_text) if degree_text else None
        profile["education"] = [
            {
                "school": clean.get("school", ""),
                "degree": level or "",
                "degree_text": degree_text,
                "major": clean.get("major", ""),
                "start": None,
                "end": None,
                "gpa": "",
            }
        ]
    for field in ("skills", "certificates"):
        if clean.get(field):
            profile[field] = split_list(clean[field])
    if clean.get("total_years") not in (None, ""):
        profile["total_years"] = clean["total_years"]
    return profile


def import_run(*, batch: ImportBatch, actor: User, mapping: dict[str, str]) -> ImportBatch:
    """Validate every row against ``mapping`` (column index → field); import the good rows, keep the
    bad ones in the error file. Safe to run once per batch (a finished batch is returned as is)."""
    if batch.status == ImportBatch.Status.DONE:
        return batch
    fields = {k: v for k, v in mapping.items() if v in IMPORT_FIELDS and v}
    used = list(fields.values())
    if "name" not in used or not ({"phone", "email"} & set(used)):
        raise ValidationFailed(_("Map a column to Name and at least one to Mobile phone or E-mail."))
    if len(used) != len(set(used)):
        raise ValidationFailed(_("Each field can be mapped from one column only."))
    with default_storage.open(str(batch.file.name), "rb") as handle:
        rows = read_table(handle.read(), batch.original_name)
    start = next((i for i, row in enumerate(rows) if any(row)), 0)
    headers, body = rows[start], rows[start + 1 :]
    job = batch.job
    imported = 0
    row_errors: list[dict[str, Any]] = []
    bad_rows: list[tuple[list[str], str]] = []
    seen_in_file: dict[str, int] = {}
    for number, raw in enumerate(body, start=start + 2):
        if not any(cell.strip() for cell in raw):
            continue
        record = {field: raw[int(index)] if int(index) < len(raw) else "" for index, field in fields.items()}
        clean, errors = _validate(record)
        for key in ("phone", "email"):
            value = str(clean.get(key) or "").lower()
            if value and not errors:
                if value in seen_in_file:
                    errors.append(
                        _("same %(field)s as row %(row)d") % {"field": key, "row": seen_in_file[value]}
                    )
                else:
                    seen_in_file[value] = number
        if not errors:
            try:
                with transaction.atomic():
                    if job is not None:
                        existing = candidate_find_duplicate(
                            organization_id=batch.organization_id,
                            phone=clean.get("phone", ""),
                            email=clean.get("email", ""),
                            name=clean.get("name", ""),
                            birth_date=clean.get("birth_date", ""),
                        )
                        if existing and Application.objects.filter(candidate=existing, job=job).exists():
                            raise ValidationFailed(_("already applied for this job"))
                    result = candidate_upsert(
                        organization=batch.organization,
                        actor=actor,
                        name=clean["name"],
                        phone=clean.get("phone", ""),
                        email=clean.get("email", ""),
                        birth_date=clean.get("birth_date", ""),
                        gender=clean.get("gender", ""),
                        location=clean.get("location", ""),
                        profile=_profile(clean),
                    )
                    if job is not None:
                        application_create(
                            candidate=result.candidate,
                            job=job,
                            source=clean.get("source") or "import",
                            actor=actor,
                        )
                imported += 1
                continue
            except OpenhireError as exc:
                errors.append(str(exc.message))
        row_errors.append({"row": number, "errors": errors})
        bad_rows.append((raw, "; ".join(errors)))
    with transaction.atomic():
        batch.mapping = fields
        batch.imported = imported
        batch.failed = len(bad_rows)
        batch.row_errors = row_errors[:2000]
        batch.status = ImportBatch.Status.DONE
        if bad_rows:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow([_("row"), *headers, _("error")])
            for (raw, message), info in zip(bad_rows, row_errors, strict=True):
                writer.writerow([info["row"], *raw, message])
            batch.error_file.save(
                f"imports/{batch.organization_id}/e",
                ContentFile(("\ufeff" + out.getvalue()).encode("utf-8")),
                save=False,
            )
        batch.save()
        audit_record(
            actor=actor,
            organization=batch.organization,
            action="import.completed",
            obj=batch,
            after={"imported": imported, "failed": len(bad_rows), "mapping": sorted(set(used))},
        )
    if job is not None and imported:
        from openhire.screening.services import job_screen_start

        job_screen_start(job=job, actor=actor)
    return batch
