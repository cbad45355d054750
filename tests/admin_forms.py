"""Posting admin forms as a browser would, for tests that work through the admin."""

from django.forms.models import model_to_dict


def change_form_data(response, reason="Rettet efter samtale med regionen"):
    """The change form's current values, as the browser would post them back, with a reason."""
    form = response.context["adminform"].form
    data = {"reason": reason}
    for name, value in model_to_dict(form.instance, fields=form.fields).items():
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for field in management.fields:
            data[f"{formset.prefix}-{field}"] = management.initial.get(field, 0)
        for index, form in enumerate(formset.forms):
            data[f"{formset.prefix}-{index}-id"] = form.instance.pk
            for name in form.fields:
                value = form.initial.get(name)
                if value is not None:
                    data[f"{formset.prefix}-{index}-{name}"] = getattr(value, "pk", value)
    return data
