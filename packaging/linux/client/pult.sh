#!/bin/sh
# Launcher of the Pult client: the bundle lives under /opt/pult and is not on PATH.
exec /opt/pult/pult "$@"
