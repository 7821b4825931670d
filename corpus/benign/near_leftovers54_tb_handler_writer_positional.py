# Twin of leftovers54_tb_handler_share_positional: the handler given a local TensorBoard writer by position
# (its folder judged where the writer is built) and resnet18 without weights, by position too. Accepted.
import torch
from monai.engines import SupervisedTrainer
from monai.handlers import TensorBoardStatsHandler
from monai.networks.nets import resnet18
from torch.utils.tensorboard import SummaryWriter


def trainer(loader):
    net = resnet18(False, spatial_dims=2, n_input_channels=3, num_classes=2)
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    handlers = [TensorBoardStatsHandler(SummaryWriter("runs/train"))]
    return SupervisedTrainer(device=torch.device("cpu"), max_epochs=1, train_data_loader=loader, network=net,
                             optimizer=opt, loss_function=torch.nn.CrossEntropyLoss(), train_handlers=handlers)
