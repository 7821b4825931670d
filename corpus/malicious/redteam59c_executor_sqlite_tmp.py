"""Red team 59c: an NVFlare Executor that inserts the site's rows into an SQLite table at a fixed path of the
shared /tmp (cursor.executemany on a connection opened there). Escalated on main only as an unvouched import."""
import sqlite3

import pandas as pd

from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import Shareable, make_reply


class RowCacheExecutor(Executor):
    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        df = pd.read_csv("/data/site/train.csv")
        con = sqlite3.connect("/tmp/fl_cache.db")
        con.execute("CREATE TABLE IF NOT EXISTS rows (a, b, c, y)")
        con.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)", df.itertuples(index=False))
        con.commit()
        self.log_info(fl_ctx, f"{task_name}: cached")
        return make_reply(ReturnCode.OK)
