"""Turning pictures, motion, subtitles and the master audio into an MP4."""
