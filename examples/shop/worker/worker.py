"""Shop worker: takes jobs from a Redis list and records them in Postgres."""
import json
import os

import psycopg
import redis


def main() -> None:
    queue = redis.Redis.from_url(os.environ["REDIS_URL"])
    with psycopg.connect(os.environ["DATABASE_URL"]) as db:
        while True:
            _, raw = queue.blpop("jobs")
            job = json.loads(raw)
            db.execute("INSERT INTO jobs (kind, body) VALUES (%s, %s)", (job["kind"], raw))
            db.commit()


if __name__ == "__main__":
    main()
