# images.prune: dangling only by default; with dangling=false every unused image goes.
import docker

client = docker.from_env()
for filters in ({}, {"dangling": False}):
    report = client.images.prune(filters=filters)
    print(sorted((k, v) for item in report["ImagesDeleted"] or [] for k, v in item.items()))
    print(report["SpaceReclaimed"])
