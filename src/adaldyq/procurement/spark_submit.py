"""The file to hand to ``spark-submit``: ``adaldyq-cardinal`` under Spark's own session.

    spark-submit --master spark://HOST:7077 .../adaldyq/procurement/spark_submit.py \\
        indicators s3a://bucket/releases.jsonl --settings settings.ini --no-meta --engine spark

``spark-submit`` runs a file as a script, so this one imports by absolute name; the
session it creates (master, memory, object-store credentials) is the one the engine uses.
"""

import sys

from adaldyq.procurement.cardinal_cli import main

if __name__ == "__main__":
    sys.exit(main())
