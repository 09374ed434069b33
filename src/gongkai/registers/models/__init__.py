"""The registers' models, one module per register: applications.py (依申请公开),
reply_checks.py (答复书要素核查), submissions.py (信息报送), newmedia.py (政务新媒体发布), messages.py (网民留言). Every model is
importable from here (``gongkai.registers.models``), which is also where Django finds them."""

from gongkai.registers.models.applications import (
    CLOSED_STATES,
    OPEN_STATES,
    RECEIPT_RULE,
    ApplicantType,
    Application,
    Channel,
    Consultation,
    FeeMode,
    ReplyDocument,
    State,
    Step,
    reply_path,
)
from gongkai.registers.models.messages import Message, MessageChannel, MessageLimit, MessageSource
from gongkai.registers.models.newmedia import Post, PostSource
from gongkai.registers.models.reply_checks import ELEMENTS, GOV_MAILBOX, ReplyCheck
from gongkai.registers.models.submissions import Level, Submission, SubmissionAttachment

__all__ = [
    "CLOSED_STATES",
    "ELEMENTS",
    "GOV_MAILBOX",
    "OPEN_STATES",
    "Message",
    "MessageChannel",
    "MessageLimit",
    "MessageSource",
    "Post",
    "PostSource",
    "RECEIPT_RULE",
    "ReplyCheck",
    "ApplicantType",
    "Application",
    "Channel",
    "Consultation",
    "FeeMode",
    "ReplyDocument",
    "State",
    "Step",
    "reply_path",
    "Level",
    "Submission",
    "SubmissionAttachment",
]
