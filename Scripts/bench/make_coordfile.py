#!/usr/bin/env python3
"""A large GBK 坐标文件 for timing the 坐标文件 reader (issue #13 item 8): `minescreen bench-read FILE
--input-format coordfile`. Deterministic: square-ish blocks of 12–60 corner points in 3° zone 38 around
Changzhi, with Chinese names, written to bench-data/coordfile-<MB>mb.txt (default 100 MB).

Usage: python3 Scripts/bench/make_coordfile.py [MB]
"""
import math
import os
import random
import sys

target_mb = float(sys.argv[1]) if len(sys.argv) > 1 else 100
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
out_dir = os.path.join(root, "bench-data")
os.makedirs(out_dir, exist_ok=True)
path = os.path.join(out_dir, f"coordfile-{int(target_mb)}mb.txt")

rng = random.Random(13)
header = """[属性描述]
格式版本号=1.01版本
数据产生单位=长治市规划和自然资源局（测速）
数据产生日期=2024-05-01
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=38
精度=0.0001
转换参数=,,,,,,
[地块坐标]
"""
counties = ["沁源县", "武乡县", "黎城县", "潞城区", "上党区", "壶关县", "平顺县"]
limit = int(target_mb * 1e6)
written = 0
with open(path, "w", encoding="gbk", newline="\r\n") as f:
    f.write(header)
    k = 0
    while written < limit:
        k += 1
        n = rng.randint(12, 60)
        cx = 4_000_000 + rng.uniform(0, 100_000)
        cy = 38_400_000 + rng.uniform(0, 100_000)
        radius = rng.uniform(200, 2000)
        points = []
        for i in range(n):
            a = 2 * math.pi * i / n
            r = radius * rng.uniform(0.8, 1.0)
            points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        area_ha = 0.5 * abs(sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
                                for i in range(n))) / 1e4
        lines = [f"{n + 1},{area_ha:.4f},CS{k:06d},{counties[k % len(counties)]}集中开采区{k},面,,采矿用地,,@"]
        for i, (x, y) in enumerate(points + points[:1]):
            lines.append(f"J{i % n + 1},1,{x:.4f},{y:.4f}")
        text = "\n".join(lines) + "\n"
        f.write(text)
        written += len(text.encode("gbk")) + len(lines)  # CRLF adds one byte per line
print(path, os.path.getsize(path), "bytes,", k, "blocks")
