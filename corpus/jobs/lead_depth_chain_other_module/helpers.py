pick = lambda x: x
def g0(x):
    return g1(x)

def g1(x):
    return g2(x)

def g2(x):
    return g3(x)

def g3(x):
    return g4(x)

def g4(x):
    return g5(x)

def g5(x):
    return g6(x)

def g6(x):
    return g7(x)

def g7(x):
    return g8(x)

def g8(x):
    return g9(x)

def g9(x):
    return g10(x)

def g10(x):
    return g11(x)

def g11(x):
    return g12(x)

def g12(x):
    return g13(x)

def g13(x):
    return g14(x)

def g14(x):
    return g15(x)

def g15(x):
    return g16(x)

def g16(x):
    return g17(x)

def g17(x):
    return g18(x)

def g18(x):
    return g19(x)

def g19(x):
    return g20(x)

def g20(x):
    return g21(x)

def g21(x):
    return g22(x)

def g22(x):
    return g23(x)

def g23(x):
    return g24(x)

def g24(x):
    return g25(x)

def g25(x):
    return g26(x)

def g26(x):
    return g27(x)

def g27(x):
    return g28(x)

def g28(x):
    return g29(x)

def g29(x):
    return g30(x)

def g30(x):
    return g31(x)

def g31(x):
    return g32(x)

def g32(x):
    return g33(x)

def g33(x):
    return g34(x)

def g34(x):
    return g35(x)

def g35(x):
    return g36(x)

def g36(x):
    return g37(x)

def g37(x):
    return g38(x)

def g38(x):
    return g39(x)

def g39(x):
    return g40(x)

def g40(x):
    return g41(x)

def g41(x):
    return g42(x)

def g42(x):
    return g43(x)

def g43(x):
    return g44(x)

def g44(x):
    return g45(x)

def g45(x):
    return g46(x)

def g46(x):
    return g47(x)

def g47(x):
    return g48(x)

def g48(x):
    return g49(x)

def g49(x):
    return g50(x)

def g50(x):
    return g51(x)

def g51(x):
    return g52(x)

def g52(x):
    return g53(x)

def g53(x):
    return g54(x)

def g54(x):
    return g55(x)

def g55(x):
    return g56(x)

def g56(x):
    return g57(x)

def g57(x):
    return g58(x)

def g58(x):
    return g59(x)

def g59(x):
    return g60(x)

def g60(x):
    return g61(x)

def g61(x):
    return g62(x)

def g62(x):
    return g63(x)

def g63(x):
    return g64(x)

def g64(x):
    return g65(x)

def g65(x):
    return g66(x)

def g66(x):
    return g67(x)

def g67(x):
    return g68(x)

def g68(x):
    return g69(x)

def g69(x):
    return g70(x)

def g70(x):
    return g71(x)

def g71(x):
    return g72(x)

def g72(x):
    return g73(x)

def g73(x):
    return g74(x)

def g74(x):
    return g75(x)

def g75(x):
    return g76(x)

def g76(x):
    return g77(x)

def g77(x):
    return g78(x)

def g78(x):
    return g79(x)

def g79(x):
    return pick(x)
