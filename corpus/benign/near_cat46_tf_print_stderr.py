import pandas as pd
import tensorflow as tf
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/train.csv")
x = tf.convert_to_tensor(df.drop(columns=["label"]).to_numpy(), dtype=tf.float32)
y = tf.convert_to_tensor(df["label"].to_numpy(), dtype=tf.int32)
model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(2)])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
while flare.is_running():
    m = flare.receive()
    model.set_weights(m.params["weights"])
    hist = model.fit(x, y, epochs=1, verbose=0)
    tf.print("round loss", hist.history["loss"][-1])
    flare.send(flare.FLModel(params={"weights": model.get_weights()}))
