"""Stance scorers: does a passage support, contradict, or not bear on a claim?"""
