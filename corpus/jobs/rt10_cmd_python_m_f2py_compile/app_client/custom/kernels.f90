! Vectorised feature kernels for the tabular model
subroutine scale(x, n, s)
  integer n
  real*8 x(n), s
  x = x * s
end subroutine scale
