"""The four criteria of Decision 407/QĐ-TTg that make a draft policy qualify for communication."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Criterion:
    key: str
    letter: str
    label: str  # short badge text
    text: str  # the criterion as the provincial plans word it


CRITERIA = (
    Criterion(
        "proposal_required",
        "a",
        "Phải lập đề nghị xây dựng",
        "Thuộc văn bản quy phạm pháp luật phải lập đề nghị xây dựng trước khi soạn thảo, không thuộc bí mật nhà nước",
    ),
    Criterion(
        "rights_obligations",
        "b",
        "Tác động quyền, nghĩa vụ",
        "Tác động trực tiếp làm phát sinh, thay đổi, chấm dứt quyền, nghĩa vụ của người dân, tổ chức, doanh nghiệp",
    ),
    Criterion(
        "public_concern",
        "c",
        "Dư luận quan tâm",
        "Là vấn đề khó, nhạy cảm, dư luận xã hội quan tâm hoặc có nhiều ý kiến khác nhau",
    ),
    Criterion("wide_impact", "d", "Tác động toàn tỉnh", "Có tác động trên phạm vi toàn tỉnh"),
)
ALL_FOUR_LABEL = "Đủ 4 tiêu chí Quyết định 407"


@dataclass(frozen=True)
class Criteria:
    proposal_required: bool
    rights_obligations: bool
    public_concern: bool
    wide_impact: bool

    @property
    def met(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    @property
    def all_four(self) -> bool:
        return self.met == len(CRITERIA)

    def badges(self) -> list[tuple[Criterion, bool]]:
        return [(c, getattr(self, c.key)) for c in CRITERIA]
