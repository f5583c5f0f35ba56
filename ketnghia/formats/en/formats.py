# The English interface keeps the Vietnamese date and number conventions: the data are
# Vietnamese official records and must read the same in both languages.
from ketnghia.formats.vi.formats import *  # noqa: F403
