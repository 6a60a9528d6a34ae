"""``python -m zcsh_kernel -f CONNECTION_FILE``: what the kernelspec runs."""

from ipykernel.kernelapp import IPKernelApp

from .kernel import ZcshKernel


def main() -> None:
    IPKernelApp.launch_instance(kernel_class=ZcshKernel)


if __name__ == "__main__":
    main()
