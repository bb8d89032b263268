"""The measured areas. Each module of this package that measures something registers a function
with `@area(order)`; `areas()` imports every module of the package and returns the areas in
order, so adding a measurement never means editing the command or another area's module.

The order keeps the table stable from run to run: the sweeps first (they compact the
notifications table and leave the day's notices behind), then the pages, the PDFs, the imports.
Options an area needs are declared with it (`arguments=`) and added to the command's parser."""

from __future__ import annotations

import importlib
import pkgutil
from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .session import Bench

Measure = Callable[["Bench"], None]
Arguments = Callable[[ArgumentParser], None]


@dataclass(frozen=True)
class Area:
    order: int
    name: str
    measure: Measure
    arguments: Arguments | None = None


_AREAS: dict[str, Area] = {}


def area(order: int, *, arguments: Arguments | None = None) -> Callable[[Measure], Measure]:
    """Register the decorated function as the measurement of its module."""

    def register(measure: Measure) -> Measure:
        name = measure.__module__.rsplit(".", 1)[-1]
        _AREAS[f"{measure.__module__}.{measure.__qualname__}"] = Area(
            order, name, measure, arguments
        )
        return measure

    return register


def areas() -> list[Area]:
    """Every area of the package, in order (equal orders by module name)."""
    package = __name__.rpartition(".")[0]
    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
        importlib.import_module(f"{package}.{module.name}")
    return sorted(_AREAS.values(), key=lambda a: (a.order, a.name))
