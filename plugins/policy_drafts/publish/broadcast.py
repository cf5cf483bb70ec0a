"""The announcement of a draft for commune loudspeakers and notice boards (pure).

`/du-thao/<id>/phat-thanh.txt` (seed 000 §6.3: grassroots loudspeakers and notice boards):
plain text of at most MAX_WORDS words that a commune's announcer reads out as it is, and
that a notice board can pin up. It is written from the draft's facts: what the draft is
about (its summary, which says whom it concerns), until when and how to comment (the form
on the site, e-mail, a letter or a visit to the agency, the commune office), with every
date and time written in words a listener follows ("hết ngày ba mươi tháng mười một năm
hai nghìn không trăm hai mươi sáu"). Every published draft has one, so that the address
never breaks: after the consultation it says what came of it.

Plain text with a UTF-8 byte-order mark: a browser that opens the file without a charset
(many static hosts send `text/plain` alone) still reads the Vietnamese right.
"""

from __future__ import annotations

from ..model.clock import Moment
from ..model.consultation import Status
from .site import DraftView, SiteModel

MAX_WORDS = 300

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_MONTHS = ("một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai")


def _below_hundred(n: int) -> str:
    tens, unit = divmod(n, 10)
    if tens == 0:
        return _DIGITS[unit]
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    return f"{head} {_DIGITS[unit]}"


def _below_thousand(n: int, full: bool) -> str:
    """`full`: a group after a higher one, where "không trăm" and "linh" are said."""
    hundreds, rest = divmod(n, 100)
    if not full and hundreds == 0:
        return _below_hundred(rest)
    out = f"{_DIGITS[hundreds]} trăm"
    if rest == 0:
        return out
    if rest < 10:
        return f"{out} linh {_DIGITS[rest]}"
    return f"{out} {_below_hundred(rest)}"


def number_words(n: int) -> str:
    """A whole number from 0 to 999,999 as it is read aloud: 2026 -> 'hai nghìn không trăm
    hai mươi sáu', 105 -> 'một trăm linh năm', 21 -> 'hai mươi mốt', 15 -> 'mười lăm'."""
    if not 0 <= n < 1_000_000:
        raise ValueError(n)
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _below_thousand(rest, full=False)
    head = f"{_below_thousand(thousands, full=False)} nghìn"
    return head if rest == 0 else f"{head} {_below_thousand(rest, full=True)}"


def date_words(moment: Moment) -> str:
    """'ngày mùng năm tháng mười hai năm hai nghìn không trăm hai mươi sáu'."""
    at = moment.at
    day = f"mùng {number_words(at.day)}" if at.day <= 10 else number_words(at.day)
    return f"ngày {day} tháng {_MONTHS[at.month - 1]} năm {number_words(at.year)}"


def deadline_words(moment: Moment) -> str:
    """'hết ngày ba mươi tháng mười một năm ...' for a date-only deadline, 'mười bảy giờ
    ngày ...' (with the minutes when there are some) otherwise."""
    if moment.date_only:
        return f"hết {date_words(moment)}"
    at = moment.at
    clock = f"{number_words(at.hour)} giờ" + (f" {number_words(at.minute)} phút" if at.minute else "")
    return f"{clock} {date_words(moment)}"


def _sentences(text: str) -> list[str]:
    out, current = [], []
    for word in text.split():
        current.append(word)
        if word.endswith((".", "!", "?")):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _count(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def announcement(view: DraftView, site: SiteModel) -> str:
    """The text read out and pinned up, at most MAX_WORDS words."""
    d, st = view.draft, view.state
    settings = site.settings
    agency = settings.agencies[d.agency]
    w = st.window
    page = site.urls.absolute(view.url)
    open_now = st.status in (Status.OPEN, Status.UPCOMING) and w is not None
    heading = "THÔNG BÁO LẤY Ý KIẾN NHÂN DÂN" if open_now else "THÔNG BÁO VỀ DỰ THẢO CHÍNH SÁCH"
    lead = [f"{view.agency_name} thông báo về dự thảo {d.title}."]
    about = _sentences(d.summary)
    tail: list[str] = []
    optional: list[str] = []  # said after tail[hours_at - 1] when the words allow
    hours_at = 0
    if open_now and w is not None:
        if st.status is Status.UPCOMING:
            tail.append(f"Thời gian lấy ý kiến: từ {date_words(w.opens)} đến {deadline_words(w.deadline)}.")
        else:
            tail.append(f"Bà con góp ý đến {deadline_words(w.deadline)}.")
        tail.append("Cách góp ý:")
        tail.append(f"Một là, gửi ý kiến trên trang thông tin điện tử, địa chỉ {page}")
        step = 2
        names = ("Hai", "Ba", "Bốn", "Năm")
        email = w.email or agency.email
        if email:
            tail.append(f"{names[step - 2]} là, gửi thư điện tử tới {email}")
            step += 1
        where = f", địa chỉ {agency.address}" if agency.address else ""
        tail.append(f"{names[step - 2]} là, gửi văn bản hoặc đến trực tiếp {view.agency_name}{where}.")
        hours_at = len(tail)
        step += 1
        tail.append(
            f"{names[step - 2]} là, đến trụ sở Ủy ban nhân dân xã, phường nơi mình cư trú"
            " để được hướng dẫn và chuyển ý kiến."
        )
        phone = (d.contact.phone if d.contact and d.contact.phone else "") or agency.phone
        if phone:
            tail.append(f"Cần hỏi thêm, xin gọi số điện thoại {phone}.")
        if agency.office_hours:
            optional.append(f"Giờ tiếp nhận: {agency.office_hours}.")
        tail.append(f"Xin nhắc lại: hạn góp ý là {deadline_words(w.deadline)}.")
    elif st.status is Status.ADOPTED and d.adoption:
        number = f" số {d.adoption.number}" if d.adoption.number else ""
        tail.append(f"Văn bản{number} đã được ban hành {date_words(d.adoption.date)}.")
        tail.append(f"Toàn văn và việc tiếp thu ý kiến của Nhân dân xem tại {page}")
    elif st.status is Status.WITHDRAWN and d.withdrawn:
        tail.append(f"Dự thảo đã dừng xây dựng từ {date_words(d.withdrawn.date)}.")
    elif st.status is Status.RESPONDED and d.final_response:
        tail.append(
            f"Cơ quan soạn thảo đã công bố việc tiếp thu, giải trình ý kiến {date_words(d.final_response.published)}."
        )
        tail.append(f"Xem tại {page}")
    elif st.status is Status.CLOSED:
        tail.append("Thời hạn góp ý đã kết thúc; cơ quan soạn thảo đang tổng hợp, tiếp thu ý kiến của Nhân dân.")
        tail.append(f"Kết quả sẽ được công bố tại {page}")
    else:
        tail.append(f"Thời gian lấy ý kiến sẽ được thông báo tại {page}")
    tail.append("Xin trân trọng thông báo.")

    # At most MAX_WORDS words: drop what helps least first, then shorten the summary.
    budget = MAX_WORDS - _count([heading]) - _count(lead) - _count(tail)
    if _count(optional) <= budget - _count(about[:1]):
        tail[hours_at:hours_at] = optional
        budget -= _count(optional)
    kept: list[str] = []
    for sentence in about:
        if _count(kept) + len(sentence.split()) > budget:
            break
        kept.append(sentence)
    if not kept and about:
        kept = [" ".join(about[0].split()[: max(0, budget - 1)]) + " …"]
    lines = [heading, "", " ".join(lead + kept), "", *tail]
    return "\ufeff" + "\n".join(lines).strip() + "\n"
