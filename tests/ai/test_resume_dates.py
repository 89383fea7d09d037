import pytest

from openhire.ai.resume.dates import find_date_ranges, find_dates


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("2019.07-至今 中国工商银行", "2019-07", None, True),
        ("2019年7月—2021年3月", "2019-07", "2021-03", False),
        ("07/2019 – present", "2019-07", None, True),
        ("Jul 2019 – Present", "2019-07", None, True),
        ("2019/7~2020/3", "2019-07", "2020-03", False),
        ("2019-07-01 至 2020-03-31", "2019-07", "2020-03", False),
        ("Sept. 2018 to Jun 2020", "2018-09", "2020-06", False),
        ("2016 - 2018", "2016-01", "2018-12", False),
        ("2020.9－2022.10 招商银行", "2020-09", "2022-10", False),
        ("March 2015 - Current", "2015-03", None, True),
        ("2018年3月至今", "2018-03", None, True),
        ("2019.07 ～ 2021.03", "2019-07", "2021-03", False),
    ],
)
def test_date_range_forms_resumes_use(text: str, start: str, end: str | None, current: bool) -> None:
    ranges = find_date_ranges(text)
    assert len(ranges) == 1
    assert (ranges[0].start, ranges[0].end, ranges[0].current) == (start, end, current)


def test_phone_numbers_are_not_dates() -> None:
    assert find_date_ranges("手机 13812345678") == []
    assert find_date_ranges("电话 13812345678 2019.1-2019.12")[0].start == "2019-01"


def test_single_dates() -> None:
    assert find_dates("出生日期：1995年3月")[0][0] == "1995-03"
    assert find_dates("Born 12/1990")[0][0] == "1990-12"


def test_a_range_of_years_reads_as_inclusive() -> None:
    first, second = find_date_ranges("2016 - 2018; 2019 - 2020")
    assert first.end == "2018-12" and second.start == "2019-01"
