// Debian bookworm ships @types/express without the @types/express-serve-static-core it builds on:
// the part of it this service uses, kept here until the distribution ships the package.
import type { EventEmitter } from "events";
import type * as http from "http";

export interface ParamsDictionary {
  [key: string]: string;
}

export interface Query {
  [key: string]: undefined | string | string[] | Query | Query[];
}

export interface NextFunction {
  (err?: unknown): void;
}

export interface Request<
  P = ParamsDictionary,
  ResBody = any,
  ReqBody = any,
  ReqQuery = Query,
  Locals extends Record<string, any> = Record<string, any>,
> extends http.IncomingMessage {
  params: P;
  query: ReqQuery;
  body: ReqBody;
  path: string;
  header(name: string): string | undefined;
  get(name: string): string | undefined;
  res?: Response<ResBody, Locals>;
}

export interface Response<ResBody = any, Locals extends Record<string, any> = Record<string, any>>
  extends http.ServerResponse {
  locals: Locals;
  status(code: number): this;
  json(body?: ResBody): this;
  send(body?: unknown): this;
}

export type RequestHandler = (req: Request, res: Response, next: NextFunction) => void;
export type ErrorRequestHandler = (err: any, req: Request, res: Response, next: NextFunction) => void;
export type Handler = RequestHandler;
export type RequestParamHandler = (req: Request, res: Response, next: NextFunction, value: any, name: string) => any;
export type Errback = (err: Error) => void;
export interface CookieOptions {
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
}
export interface MediaType {
  value: string;
  quality: number;
  type: string;
  subtype: string;
}
export type Send<ResBody = any, T = Response<ResBody>> = (body?: ResBody) => T;

export interface IRouterMatcher<T> {
  (path: string, ...handlers: Array<RequestHandler | ErrorRequestHandler>): T;
}
export interface IRouterHandler<T> {
  (...handlers: RequestHandler[]): T;
}
export interface IRoute {
  path: string;
  get: IRouterHandler<this>;
  post: IRouterHandler<this>;
}
export interface IRouter extends RequestHandler {
  get: IRouterMatcher<this>;
  post: IRouterMatcher<this>;
  put: IRouterMatcher<this>;
  patch: IRouterMatcher<this>;
  delete: IRouterMatcher<this>;
  use(...handlers: Array<string | RequestHandler | ErrorRequestHandler | IRouter>): this;
  route(path: string): IRoute;
}
export interface Router extends IRouter {}

export interface Application extends EventEmitter, IRouter {
  listen(port: number, hostname: string, callback?: () => void): http.Server;
  listen(port: number, callback?: () => void): http.Server;
}
export interface Express extends Application {
  request: Request;
  response: Response;
}
