"""evalrun: does a coding model adhere to a working-discipline skill on real backend bugs?"""

__version__ = "0.1.0"
