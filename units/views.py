from django.shortcuts import render

from units.models import Unit


def _units_by_kind():
    units = list(Unit.objects.active().order_by("kind", "order", "name"))
    return [
        {"kind": label, "units": [unit for unit in units if unit.kind == value]}
        for value, label in Unit.Kind.choices
    ]


def home(request):
    return render(request, "units/home.html", {"groups": _units_by_kind()})
