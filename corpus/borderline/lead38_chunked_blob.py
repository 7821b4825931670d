import nvflare.client as flare

CHUNKS = [
    'n0G9W8uw8de9puyHB9d3xvE/pg3mKBxfeN4/YYsakj8DuzdoRy7q3sRjKMPM',
    'EiOennEgIQD43wE1xjf1+yrfKkpQ9jKK4K2gNC7w97Ay9/fkYkwFXGoq7yVD',
    'EFRN0ZqWAJittVYQT1rRTnuyUC97eLQtDkH58AXzv1vYZwSMyWtdYJTXAnML',
    'tS6f9PQyHsE+7dHxdliDWuSGQMZ2G5a/x8xe3EsJbvL6FzVXg5xc6yVXRuyz',
    'ixdPr1FOLcwUoCa4sE//eym4DBT8mYjsZwg8vZhY00B0pmslDvrqowjNflXW',
    'NSH7u5DzIaHlyWkbK29fJg/Ya0skdOz/ntor+YV09XywulF6Rkp4Z+YlHGDS',
    '/Yj1LaDvf95WLhZ9RYPIjN6AXBDJy8ZbsZapCMJO',
]
ASSET = ''.join(CHUNKS)


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params=model.params))


if __name__ == '__main__':
    main()
