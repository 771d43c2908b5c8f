# images.list: tagged images, all (with untagged parents), by name, dangling only.
# (short_id is 10 characters in SDK 5, 12 in SDK 7: IDs are cut here.)
import docker

client = docker.from_env()


def show(title, images):
    print(title)
    for image in sorted(images, key=lambda i: i.id):
        print(" ", image.id[:19], sorted(image.tags))


show("tagged", client.images.list())
show("all", client.images.list(all=True))
show("name=pysdk/list", client.images.list(name="pysdk/list"))
show("dangling", client.images.list(filters={"dangling": True}))
