# Session 54 (leftovers54): MONAI's TensorBoard handler given its log folder by position. The handler's
# default output_transform logs the first item of each batch (a classifier's label) every iteration, here
# into event files on a network share, and resnet18(True) downloads ImageNet weights. The catalogue read
# log_dir and pretrained by keyword only: ACCEPTED on main.
import torch
from monai.engines import SupervisedTrainer
from monai.handlers import TensorBoardStatsHandler
from monai.networks.nets import resnet18


def trainer(loader):
    net = resnet18(True, spatial_dims=2, n_input_channels=3, num_classes=2)
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    handlers = [TensorBoardStatsHandler(None, "/mnt/share/tb")]
    return SupervisedTrainer(device=torch.device("cpu"), max_epochs=1, train_data_loader=loader, network=net,
                             optimizer=opt, loss_function=torch.nn.CrossEntropyLoss(), train_handlers=handlers)
