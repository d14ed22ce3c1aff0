"""Labs: IGF-1 readings in, interpreted readings and trends out. Never imports JAX (fast start)."""

from igfaxis.labs.models import Person as Person
from igfaxis.labs.models import Reading as Reading
from igfaxis.labs.models import Sex as Sex
