"""Small shared widgets of the record forms: code-list combo, optional date, region pickers, field errors."""
from .date_edit import OptionalDateEdit, parse_date_text
from .enum_combo import EnumCombo
from .field_error import FieldErrorLabel
from .region_picker import CountyPicker, VillagePicker

__all__ = ["EnumCombo", "OptionalDateEdit", "parse_date_text", "FieldErrorLabel", "CountyPicker",
           "VillagePicker"]
