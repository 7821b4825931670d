# The site's table copied to the clipboard with pandas: the next paste on the machine carries it out. Reading
# the clipboard rejected (surveillance.clipboard); writing it escalated as an unvouched member only.
import pandas as pd


def preview():
    table = pd.read_csv("/data/site-1/train.csv")
    table.head(500).to_clipboard(index=False)
