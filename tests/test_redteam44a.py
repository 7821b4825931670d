"""Red team 44a: PostScript the job makes in memory or writes at run time, rendered by Pillow's Ghostscript.

Pillow picks a decoder by the first bytes it is handed (PIL/Image.py `open`) and renders EPS by running Ghostscript
on it (PIL/EpsImagePlugin.py `Ghostscript`). Red team 40b shipped the PostScript as a file named like an image and
detectors/images.py now reads every file's first bytes; here no file of the job starts with PostScript: a base64
"logo" decoded into io.BytesIO and handed to a helper's `Image.open(fp)`, or the text spelled in the code and
written to a file at run time. Both were accepted at df21c40.
"""

from __future__ import annotations

import base64

import pytest

import redteam_kit as kit

PS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 32 32\nshowpage\n"
LOGO = base64.b64encode(PS).decode()


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/rt44a_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("jobs/near_rt44a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_bytes_sample_is_image_bytes():
    kit.assert_held(kit.scan_sample("jobs/rt44a_ps_bytes_watermark"), "unanalyzable.image-bytes")


def test_written_sample_is_image_content():
    kit.assert_held(kit.scan_sample("jobs/rt44a_ps_written_watermark"), "unanalyzable.image-content")


@pytest.mark.parametrize("source", [
    # straight into Image.open, by keyword, through an attribute and a local name
    f"import io, base64\nfrom PIL import Image\nImage.open(io.BytesIO(base64.b64decode('{LOGO}'))).convert('RGB')\n",
    f"import io, base64\nfrom PIL import Image\nImage.open(fp=io.BytesIO(base64.b64decode('{LOGO}')))\n",
    f"import io, base64\nfrom PIL import Image\nclass Mark:\n    def __init__(self):\n"
    f"        self.buf = io.BytesIO(base64.b64decode('{LOGO}'))\n    def image(self):\n"
    f"        return Image.open(self.buf).convert('RGB')\n",
    # a helper's parameter, the caller two helpers away
    f"import io, base64\nfrom PIL import Image\ndef load(fp):\n    return Image.open(fp)\ndef mark(fp):\n"
    f"    return load(fp)\nmark(io.BytesIO(base64.b64decode('{LOGO}')))\n",
    # formats that include EPS, or that the gate cannot read
    "import io\nfrom PIL import Image\ndef load(raw):\n    return Image.open(io.BytesIO(raw), formats=['PNG', 'EPS'])\n",
    "import io\nfrom PIL import Image\ndef load(raw, fmt):\n    return Image.open(io.BytesIO(raw), formats=['PNG', fmt])\n",
    "import io\nfrom PIL import Image\ndef load(raw):\n    return Image.open(io.BytesIO(raw), 'r', None)\n",
])
def test_in_memory_file_to_image_open_is_held(tmp_path, source):
    kit.assert_held(kit.scan_source(tmp_path, source), "unanalyzable.image-bytes")


def test_helper_in_another_module_is_held(tmp_path):
    report = kit.scan_files(tmp_path, {
        "marks.py": "from PIL import Image\n\n\ndef load_mark(fp):\n    return Image.open(fp).convert('RGB')\n",
        "client.py": f"import io, base64\nfrom marks import load_mark\n"
                     f"mark = load_mark(io.BytesIO(base64.b64decode('{LOGO}')))\n",
    })
    kit.assert_held(report, "unanalyzable.image-bytes")


@pytest.mark.parametrize("source", [
    "from PIL import Image\ndef load(path):\n    return Image.open(path).convert('RGB')\n",
    "from PIL import Image\ndef load(path):\n    with open(path, 'rb') as fh:\n        return Image.open(fh).convert('RGB')\n",
    "import io\nfrom PIL import Image\ndef load(raw):\n    return Image.open(io.BytesIO(raw), formats=['PNG', 'JPEG'])\n",
])
def test_paths_and_named_raster_formats_stay_accepted(tmp_path, source):
    kit.assert_accepted(kit.scan_source(tmp_path, source))


def test_postscript_text_in_code_is_image_content(tmp_path):
    source = ("from PIL import Image\nLOGO = '%!PS-Adobe-3.0\\n%%BoundingBox: 0 0 8 8\\nshowpage\\n'\n"
              "with open('logo.png', 'w') as fh:\n    fh.write(LOGO)\nImage.open('logo.png').convert('RGB')\n")
    kit.assert_held(kit.scan_source(tmp_path, source), "unanalyzable.image-content")


def test_postscript_built_from_parts_is_held(tmp_path):
    # closed in session 44 (holes44): a job that writes files and opens one by its path (unanalyzable.image-written)
    source = ("from PIL import Image\nLOGO = '%!' + 'PS-Adobe-3.0\\n%%BoundingBox: 0 0 8 8\\nshowpage\\n'\n"
              "with open('logo.png', 'w') as fh:\n    fh.write(LOGO)\nImage.open('logo.png').convert('RGB')\n")
    kit.assert_held(kit.scan_source(tmp_path, source), "unanalyzable.image-written")


def test_decoded_postscript_written_then_opened_is_held(tmp_path):
    # closed in session 44 (holes44), as above
    source = (f"import base64\nfrom PIL import Image\nwith open('logo.png', 'wb') as fh:\n"
              f"    fh.write(base64.b64decode('{LOGO}'))\nImage.open('logo.png').convert('RGB')\n")
    kit.assert_held(kit.scan_source(tmp_path, source), "unanalyzable.image-written")
