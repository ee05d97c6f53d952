"""A worker's memory for `bench/scale`: in a fresh process on the run's database
(the environment bench/scale.py sets), serve every read view once and print the
resident memory, then the peak, in MiB. The measuring process itself also
migrated, seeded and generated the library, so its own memory would overstate a
worker's."""

import django

from bench.scale import this_checkout_only

this_checkout_only()
django.setup()

# Models load only after django.setup().
from bench.scale_probes import warm_worker  # noqa: E402

if __name__ == "__main__":
    print("{:.0f} {:.0f}".format(*warm_worker()))
