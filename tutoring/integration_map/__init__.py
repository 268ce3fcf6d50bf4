"""The SPOC/MOOC integration map of Appendix 1 (clause 7.4, planned from in 8.6), as pure code. No I/O.

Four parts: 1 the course and the chosen SPOC/MOOC, 2 the MOOCs with their content match in percent,
3 exactly one of the three integration models, 4 the 15-week plan with the consultations before RK1
(after week 7), before RK2 (after week 14) and before the exam (after week 15), and the RK1, RK2 and
final control rows.

* `content`: the data, the defaults from the course dates, the document, `consultation_points` (which the
  sessions feature uses as the defaults of its control-point plan);
* `fields`: the field protocol, each part's inputs (ids, kinds, validation) described once;
* `rules`: a card's values into the map, the pasted topics, what a submission needs, progress;
* `stored`: the canonical JSON.
"""

from tutoring.integration_map.content import (
    AFTER_WEEK,
    CONSULTATIONS,
    CONTROL_OF,
    MAX_COMMENT,
    MAX_HOURS,
    MAX_MOOCS,
    MAX_TEXT,
    MAX_TOPICS,
    WEEKS,
    ConsultationPoint,
    ControlKind,
    ControlRow,
    CourseFacts,
    CoursePart,
    IntegrationModel,
    LessonForm,
    Level,
    MapContent,
    MapDocument,
    MapState,
    Mooc,
    ScheduleRow,
    StudyForm,
    WeekPlan,
    consultation_points,
    default_content,
    document_lang,
    model_text,
    platform_name,
    schedule,
    week_of,
    with_course_dates,
)
from tutoring.integration_map.fields import (
    CONSULTATION_ROW,
    CONTROL_ROW,
    COURSE_FIELDS,
    COURSE_PART,
    MOOC_ROW,
    STEP_WEEKS,
    WEEK_ROW,
    Field,
    FieldRef,
    Kind,
    Part,
    Problem,
    Rule,
    Step,
    control_id,
    control_row,
    is_url,
    mooc_id,
    parse_field,
    row_values,
    week_id,
)
from tutoring.integration_map.rules import (
    Progress,
    apply_step,
    apply_topics,
    check_review,
    missing_for_submission,
    mooc_slots,
    progress,
    step_of_field,
)
from tutoring.integration_map.stored import content_from_json, content_to_dict, content_to_json

__all__ = [
    "AFTER_WEEK", "CONSULTATIONS", "CONSULTATION_ROW", "CONTROL_OF", "CONTROL_ROW", "COURSE_FIELDS", "COURSE_PART",
    "MAX_COMMENT", "MAX_HOURS", "MAX_MOOCS", "MAX_TEXT", "MAX_TOPICS", "MOOC_ROW", "STEP_WEEKS", "WEEKS", "WEEK_ROW",
    "ConsultationPoint", "ControlKind", "ControlRow", "CourseFacts", "CoursePart", "Field", "FieldRef",
    "IntegrationModel", "Kind", "LessonForm", "Level", "MapContent", "MapDocument", "MapState", "Mooc", "Part",
    "Problem", "Progress", "Rule", "ScheduleRow", "Step", "StudyForm", "WeekPlan", "apply_step", "apply_topics",
    "check_review", "consultation_points", "content_from_json", "content_to_dict", "content_to_json",
    "control_id", "control_row", "default_content", "document_lang", "is_url", "missing_for_submission",
    "model_text", "mooc_id", "mooc_slots", "parse_field", "platform_name", "progress", "row_values", "schedule",
    "step_of_field", "week_id", "week_of", "with_course_dates",
]
