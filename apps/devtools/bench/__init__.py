"""The benchmark (`manage.py benchmark`), one module per measured area.

An area is a function decorated with `@area(order)` (registry.py) in any module of this
package; the command finds them all and runs them in their order, each with the same `Bench`
(session.py), which times an operation and keeps its figure (figures.py). A new measurement is
a new module here: no other file changes.
"""
