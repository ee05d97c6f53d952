"""Choice widgets of the document editor whose options are rendered once.

Wagtail packs every field panel's widget for the editor's JavaScript (the panel
API), and its adapter for choice widgets renders the widget again, every option
included, as a template for new instances (`WidgetAdapter.js_args`). A field
panel's widget is never rendered anew in the browser: the JavaScript binds to the
inputs already on the page (`getByName`), and only the template would ever be
used, by blocks. So for the editor's long lists (clauses, required items, people,
groups) that second rendering was a second query per list and every option's
markup built twice, for nothing. These widgets pack their markup without options.
"""

import copy

from django import forms
from wagtail.admin.telepath import register
from wagtail.admin.telepath.widgets import RadioSelectAdapter, SelectAdapter


class OptionsOnPage:
    """Packs the widget's markup without its options (see the module)."""

    def js_args(self, widget):
        empty = copy.copy(widget)
        empty.choices = []
        return super().js_args(empty)


class CheckboxesOnPage(forms.CheckboxSelectMultiple):
    pass


class SelectOnPage(forms.Select):
    pass


class CheckboxesOnPageAdapter(OptionsOnPage, RadioSelectAdapter):
    pass


class SelectOnPageAdapter(OptionsOnPage, SelectAdapter):
    pass


register(CheckboxesOnPageAdapter(), CheckboxesOnPage)
register(SelectOnPageAdapter(), SelectOnPage)
