"""tf.data input pipeline over TFRecord shards in the site's data root."""

import glob
import os

import tensorflow as tf

FEATURES = {
    "image/encoded": tf.io.FixedLenFeature([], tf.string),
    "image/label": tf.io.FixedLenFeature([], tf.int64),
}


def _parse(record, size):
    ex = tf.io.parse_single_example(record, FEATURES)
    img = tf.io.decode_png(ex["image/encoded"], channels=3)
    img = tf.image.resize(img, (size, size)) / 255.0
    return img, ex["image/label"]


def _augment(img, label):
    img = tf.image.random_flip_left_right(img)
    img = tf.image.random_brightness(img, 0.1)
    return tf.clip_by_value(img, 0.0, 1.0), label


def make_dataset(split="train", batch_size=32, size=224, shuffle_buffer=2048, seed=0):
    root = os.environ.get("DATA_ROOT", "/data")
    files = sorted(glob.glob(os.path.join(root, "tfrecords", f"{split}-*.tfrecord")))
    if not files:
        raise FileNotFoundError(f"no {split} shards under {root}/tfrecords")
    ds = tf.data.TFRecordDataset(files, num_parallel_reads=tf.data.AUTOTUNE)
    ds = ds.map(lambda r: _parse(r, size), num_parallel_calls=tf.data.AUTOTUNE)
    if split == "train":
        ds = ds.shuffle(shuffle_buffer, seed=seed).map(_augment, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)


if __name__ == "__main__":
    for imgs, labels in make_dataset("valid").take(1):
        print(imgs.shape, labels[:8].numpy())
