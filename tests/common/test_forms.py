"""The Bootstrap class loop has one copy (issue 9, defect 7): `common.forms.bootstrap_classes`.

Read over the source: no loop outside common/forms.py sets a widget's class itself. A widget may
still declare its own class where it is built (`attrs={"class": ...}`); what must not come back is
a form's private "for each field, pick a class" loop, which drifted from the others every time.
"""

import ast

from django import forms

from common.forms import PlainSelect, bootstrap_classes
from tests.test_dead_code import _source_files
from tests.test_import_graph import ROOT


def test_no_module_but_common_forms_loops_over_fields_setting_their_class():
    loops = []
    for path in _source_files():
        if path.relative_to(ROOT).as_posix() == "common/forms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)} if isinstance(node, ast.For) else ()
            if "class" in names and "attrs" in ast.unparse(node):
                loops.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not loops, f"call common.forms.bootstrap_classes instead: {loops}"


def test_each_widget_gets_its_kind_of_class_and_keeps_its_own():
    class Form(forms.Form):
        text = forms.CharField(widget=forms.TextInput(attrs={"class": "text-end"}))
        choice = forms.ChoiceField(choices=[("a", "A")])
        many = forms.MultipleChoiceField(choices=[("a", "A")])
        flag = forms.BooleanField()
        hidden = forms.CharField(widget=forms.HiddenInput)

    fields = Form().fields
    bootstrap_classes(fields, small=True)
    assert [fields[name].widget.attrs.get("class") for name in ("text", "choice", "many", "flag", "hidden")] == [
        "form-control form-control-sm text-end", "form-select form-select-sm", "form-select form-select-sm",
        "form-check-input", None,
    ]


def test_a_plain_select_writes_what_djangos_select_writes():
    """The same options, selection, escaping, groups and attributes; only the whitespace differs."""
    choices = [("", "Tất cả"), ("a&b", 'Huyện <Nam> "Giang"'), ("x", "Xã A Xan"), ("Nhóm", [("g1", "G1"), ("g2", "G2")])]

    def drawn(widget, value, attrs):
        return " ".join(str(widget.render("district", value, attrs)).split()).replace("> <", "><")

    for value, attrs in (("x", {"id": "id_district", "required": True}), (None, {"disabled": False}), ("g2", {})):
        assert drawn(PlainSelect(choices=choices, attrs={"class": "form-select"}), value, attrs) == drawn(
            forms.Select(choices=choices, attrs={"class": "form-select"}), value, attrs)
    many = forms.SelectMultiple(choices=choices)
    assert drawn(type("PlainMultiple", (PlainSelect,), {"allow_multiple_selected": True})(choices=choices),
                 ["x", "g1"], {}) == drawn(many, ["x", "g1"], {})
