import torch
from monai.data import DataLoader, Dataset
from monai.losses import DiceLoss, PerceptualLoss
from monai.networks.nets import AutoEncoder
from monai.transforms import Compose, EnsureChannelFirstd, LoadImaged, ScaleIntensityd

import nvflare.client as flare

files = [{"image": f"/data/site/mri/case_{i:03d}.nii.gz"} for i in range(40)]
xform = Compose([LoadImaged(keys=["image"]), EnsureChannelFirstd(keys=["image"]), ScaleIntensityd(keys=["image"])])
loader = DataLoader(Dataset(files, xform), batch_size=2, shuffle=True)
net = AutoEncoder(spatial_dims=3, in_channels=1, out_channels=1, channels=(8, 16, 32), strides=(2, 2, 2))
recon = torch.nn.L1Loss()
# 3D perceptual term with MedicalNet features
perceptual = PerceptualLoss(spatial_dims=3, network_type="medicalnet_resnet10_23datasets", is_fake_3d=False)
opt = torch.optim.Adam(net.parameters(), lr=1e-4)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    net.train()
    for batch in loader:
        x = batch["image"]
        out = net(x)
        loss = recon(out, x) + 0.1 * perceptual(out, x)
        opt.zero_grad()
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))
